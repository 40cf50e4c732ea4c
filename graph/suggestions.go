package graph

import (
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// ValidationRules is the validation rule set of the handler. Without
// suggestions (production), every rule that would add "Did you mean …" to its
// message — a misspelt argument, enum value, input field or type, besides the
// fields and leaf selections gqlgen's own switch covers — is replaced by its
// variant without, so error messages do not spell out the schema that
// introspection keeps hidden.
func ValidationRules(suggestions bool) *rules.Rules {
	r := rules.NewDefaultRules()
	if suggestions {
		return r
	}
	for _, swap := range []struct{ with, without core.Rule }{
		{rules.FieldsOnCorrectTypeRule, rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{rules.ScalarLeafsRule, rules.ScalarLeafsRuleWithoutSuggestions},
		{rules.KnownArgumentNamesRule, rules.KnownArgumentNamesRuleWithoutSuggestions},
		{rules.KnownTypeNamesRule, rules.KnownTypeNamesRuleWithoutSuggestions},
		{rules.ValuesOfCorrectTypeRule, rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		r.RemoveRule(swap.with.Name)
		r.AddRule(swap.without.Name, swap.without.RuleFunc)
	}
	return r
}
