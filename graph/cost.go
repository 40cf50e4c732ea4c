package graph

import (
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The cost walk prices an operation before anything runs.
//
// It is our own rather than gqlgen's complexity.Calculate (with
// extension.FixedComplexityLimit) because that walker expands a fragment again at
// every spread and never stops once the cost is past the limit: a document of
// fragments that each spread the previous one twice costs 2^n steps to price (seen:
// 5 s of CPU for a 981-byte document of 25 fragments). Here:
//
//   - each fragment is walked once per mode (data or introspection) and its summary
//     (cost, depth, aliases, top-level response keys…) is reused at every spread;
//   - the walk stops at the first limit passed (costs only grow towards the root:
//     every factor is at least 1);
//   - the walk counts its own steps (selections visited, response keys merged) and
//     refuses a document that needs more than Limits.MaxSteps.
//
// So a document is priced in time linear in its size, whatever its shape.

type walkMode uint8

const (
	dataMode walkMode = iota
	introMode
)

type fragmentKey struct {
	name string
	mode walkMode
}

// summary is what the walk learns about a selection set.
type summary struct {
	// once is the cost of the set outside a connection's repeated part; elem the
	// cost that repeats once per element when the set belongs to a connection (its
	// edges below the edges field itself).
	once, elem int
	// height is the number of field levels in the set.
	height int
	// lists is the most introspection member lists (fields, inputFields…) on one
	// path of the set.
	lists int
	// aliases, intro and introRoots count aliased fields, introspection fields and
	// __schema/__type fields, fragments expanded.
	aliases, intro, introRoots int
	// keys counts the response keys of the set's top level, fragments expanded.
	keys keyCounts
}

// keyCounts counts response keys: the first few inline (most selection sets
// have few keys, and this costs no allocation of its own), the rest in a map.
type keyCounts struct {
	n     int
	small [8]keyCount
	more  map[string]int
}

type keyCount struct {
	key string
	n   int
}

// add counts key n more times.
func (k *keyCounts) add(key string, n int) {
	for i := range k.n {
		if k.small[i].key == key {
			k.small[i].n = add(k.small[i].n, n)
			return
		}
	}
	if _, ok := k.more[key]; ok {
		k.more[key] = add(k.more[key], n)
		return
	}
	if k.n < len(k.small) {
		k.small[k.n] = keyCount{key, n}
		k.n++
		return
	}
	if k.more == nil {
		k.more = map[string]int{}
	}
	k.more[key] = n
}

// len is the number of distinct keys.
func (k *keyCounts) len() int { return k.n + len(k.more) }

// all yields every key with its count.
func (k *keyCounts) all(yield func(string, int) bool) {
	for _, c := range k.small[:k.n] {
		if !yield(c.key, c.n) {
			return
		}
	}
	for key, n := range k.more {
		if !yield(key, n) {
			return
		}
	}
}

type walker struct {
	l      Limits
	oc     *graphql.OperationContext
	schema *ast.Schema
	memo   map[fragmentKey]*summary
	active map[string]bool // fragments being walked (cycles are invalid anyway)
	steps  int
}

// newWalker returns a walker; its maps are made when a fragment is spread.
func newWalker(l Limits, oc *graphql.OperationContext, schema *ast.Schema) *walker {
	return &walker{l: l, oc: oc, schema: schema}
}

// price walks the operation and returns its data cost.
func (w *walker) price(op *ast.OperationDefinition) (int, *gqlerror.Error) {
	// One path buffer for the whole walk: a field's path extends its parent's in
	// place (siblings reuse the slot), and errors keep a copy (pathError).
	s, err := w.set(op.SelectionSet, make(ast.Path, 0, 16), 1, dataMode, 0)
	if err != nil {
		return 0, err
	}
	return s.once + s.elem, nil
}

// sat caps sums and products so that absurd operations cannot overflow.
const sat = 1 << 40

func add(a, b int) int { return min(a+b, sat) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > sat/b {
		return sat
	}
	return min(a*b, sat)
}

func (w *walker) step(n int, path ast.Path) *gqlerror.Error {
	w.steps += n
	if w.l.MaxSteps > 0 && w.steps > w.l.MaxSteps {
		return limitError(CodeComplexity, fmt.Sprintf("the operation is too large to price (more than %d steps): send a smaller document", w.l.MaxSteps), path)
	}
	return nil
}

// set returns the summary of a selection set whose fields sit at depth (counted
// from 1 at the root in data mode, from the introspection field in introspection
// mode); listsAbove counts the introspection member lists on the path above it.
//
// The summary is returned by value (it stays on the stack), and a field's path
// extends its parent's in place: siblings reuse the slot, so nothing may keep a
// path past the walk of its field (errors copy theirs: pathError).
func (w *walker) set(set ast.SelectionSet, path ast.Path, depth int, m walkMode, listsAbove int) (summary, *gqlerror.Error) {
	var s summary
	var spread map[string]bool // fragments spread in this set: their keys count once
	for _, sel := range set {
		if err := w.step(1, path); err != nil {
			return summary{}, err
		}
		switch x := sel.(type) {
		case *ast.Field:
			f, err := w.field(x, extend(path, x.Alias), depth, m, listsAbove)
			if err != nil {
				return summary{}, err
			}
			s.keys.add(x.Alias, 1)
			cost := f.once
			if (x.Name == "edges" || x.Name == "nodes") && x.ObjectDefinition != nil && isConnectionType(x.ObjectDefinition.Name) {
				// Counted by the connection above, once per element.
				s.once, s.elem = add(s.once, 1), add(s.elem, cost-1)
			} else {
				s.once = add(s.once, cost)
			}
			s.height = max(s.height, f.height)
			s.lists = max(s.lists, f.lists)
			s.aliases, s.intro, s.introRoots = add(s.aliases, f.aliases), add(s.intro, f.intro), add(s.introRoots, f.introRoots)
		case *ast.InlineFragment:
			if err := w.directives(x.Directives, path); err != nil {
				return summary{}, err
			}
			sub, err := w.set(x.SelectionSet, path, depth, m, listsAbove)
			if err != nil {
				return summary{}, err
			}
			if err := w.merge(&s, &sub, false, path); err != nil {
				return summary{}, err
			}
		case *ast.FragmentSpread:
			if err := w.directives(x.Directives, path); err != nil {
				return summary{}, err
			}
			if x.Definition == nil || w.active[x.Name] {
				continue
			}
			sub, err := w.fragment(x, path, m)
			if err != nil {
				return summary{}, err
			}
			if err := w.fits(&sub, path, depth, m, listsAbove); err != nil {
				return summary{}, err
			}
			if spread == nil {
				spread = map[string]bool{}
			}
			if err := w.merge(&s, &sub, spread[x.Name], path); err != nil {
				return summary{}, err
			}
			spread[x.Name] = true
		}
		if err := w.within(&s, path); err != nil {
			return summary{}, err
		}
	}
	if w.l.MaxFieldRepeats > 0 {
		for key, n := range s.keys.all {
			if n > w.l.MaxFieldRepeats {
				return summary{}, limitError(CodeRepeats, fmt.Sprintf("the field %q is asked %d times in one selection; at most %d are allowed", key, n, w.l.MaxFieldRepeats), path)
			}
		}
	}
	return s, nil
}

// fragment returns the summary of a spread fragment, walked once per mode with
// depths relative to the spread (fits checks them where it is spread).
func (w *walker) fragment(x *ast.FragmentSpread, path ast.Path, m walkMode) (summary, *gqlerror.Error) {
	key := fragmentKey{x.Name, m}
	if s, ok := w.memo[key]; ok {
		return *s, nil
	}
	if w.memo == nil {
		w.memo, w.active = map[fragmentKey]*summary{}, map[string]bool{}
	}
	w.active[x.Name] = true
	s, err := w.set(x.Definition.SelectionSet, path, 1, m, 0)
	delete(w.active, x.Name)
	if err != nil {
		return summary{}, err
	}
	w.memo[key] = &s
	return s, nil
}

// fits checks a fragment's summary against the depth where it is spread.
func (w *walker) fits(s *summary, path ast.Path, depth int, m walkMode, listsAbove int) *gqlerror.Error {
	switch m {
	case dataMode:
		if w.l.MaxDepth > 0 && depth-1+s.height > w.l.MaxDepth {
			return limitError(CodeDepth, fmt.Sprintf("the operation nests deeper than %d levels", w.l.MaxDepth), path)
		}
	case introMode:
		if w.l.MaxIntrospectionDepth > 0 && depth-1+s.height > w.l.MaxIntrospectionDepth {
			return limitError(CodeDepth, fmt.Sprintf("the introspection nests deeper than %d levels", w.l.MaxIntrospectionDepth), path)
		}
		if listsAbove+s.lists > 1 {
			return introListsError(path)
		}
	}
	return nil
}

// merge adds a fragment's summary to the set that spreads it. The same fragment
// spread again in one set asks for the same fields (GraphQL merges them): its cost
// counts again (the price stays an upper bound) but its response keys do not.
func (w *walker) merge(s, sub *summary, again bool, path ast.Path) *gqlerror.Error {
	if !again {
		if err := w.step(sub.keys.len(), path); err != nil {
			return err
		}
		for k, n := range sub.keys.all {
			s.keys.add(k, n)
		}
	}
	s.once, s.elem = add(s.once, sub.once), add(s.elem, sub.elem)
	s.height, s.lists = max(s.height, sub.height), max(s.lists, sub.lists)
	s.aliases, s.intro, s.introRoots = add(s.aliases, sub.aliases), add(s.intro, sub.intro), add(s.introRoots, sub.introRoots)
	return nil
}

// within stops the walk as soon as a running total is past its limit: totals only
// grow on the way up.
func (w *walker) within(s *summary, path ast.Path) *gqlerror.Error {
	l := w.l
	switch {
	case l.MaxComplexity > 0 && s.once+s.elem > l.MaxComplexity:
		return limitError(CodeComplexity, fmt.Sprintf("the operation may cost more than %d: ask for smaller pages or fewer fields", l.MaxComplexity), nil)
	case l.MaxAliases > 0 && s.aliases > l.MaxAliases:
		return limitError(CodeAliases, fmt.Sprintf("the operation uses more than %d aliases", l.MaxAliases), nil)
	case l.MaxIntrospectionFields > 0 && s.intro > l.MaxIntrospectionFields:
		return limitError(CodeComplexity, fmt.Sprintf("the introspection asks for more than %d fields", l.MaxIntrospectionFields), nil)
	case l.MaxIntrospectionRoots > 0 && s.introRoots > l.MaxIntrospectionRoots:
		return limitError(CodeComplexity, fmt.Sprintf("the operation introspects more than %d times (__schema, __type)", l.MaxIntrospectionRoots), path)
	}
	return nil
}

func (w *walker) directives(list ast.DirectiveList, path ast.Path) *gqlerror.Error {
	if w.l.MaxDirectives > 0 && len(list) > w.l.MaxDirectives {
		return limitError(CodeDirectives, fmt.Sprintf("a field carries %d directives; at most %d are allowed", len(list), w.l.MaxDirectives), path)
	}
	return nil
}

// memberLists are the introspection fields that list a type's members; one of them
// inside another (`fields { type { fields …`) multiplies the schema by itself.
var memberLists = map[string]bool{"fields": true, "inputFields": true, "interfaces": true, "possibleTypes": true, "enumValues": true}

func introListsError(path ast.Path) *gqlerror.Error {
	return limitError(CodeDepth, "the introspection lists members inside members (fields, inputFields, interfaces, possibleTypes or enumValues within another): ask for each type once, under __schema.types", path)
}

// field returns the summary of one field; once holds its whole cost (keys stay
// empty).
func (w *walker) field(f *ast.Field, path ast.Path, depth int, m walkMode, listsAbove int) (summary, *gqlerror.Error) {
	var out summary
	if f.Alias != "" && f.Alias != f.Name {
		out.aliases = 1
	}
	if err := w.directives(f.Directives, path); err != nil {
		return summary{}, err
	}
	if m == introMode {
		// Introspection is bounded by the schema, not by data: its own depth, one
		// member list per path, and a count of fields instead of a cost.
		if w.l.MaxIntrospectionDepth > 0 && depth > w.l.MaxIntrospectionDepth {
			return summary{}, limitError(CodeDepth, fmt.Sprintf("the introspection nests deeper than %d levels", w.l.MaxIntrospectionDepth), path)
		}
		lists := 0
		if memberLists[f.Name] {
			lists = 1
		}
		if listsAbove+lists > 1 {
			return summary{}, introListsError(path)
		}
		sub, err := w.set(f.SelectionSet, path, depth+1, introMode, listsAbove+lists)
		if err != nil {
			return summary{}, err
		}
		out.intro, out.height, out.lists = add(1, sub.intro), 1+sub.height, lists+sub.lists
		out.aliases = add(out.aliases, sub.aliases)
		return out, nil
	}
	if w.l.MaxDepth > 0 && depth > w.l.MaxDepth {
		return summary{}, limitError(CodeDepth, fmt.Sprintf("the operation nests deeper than %d levels", w.l.MaxDepth), path)
	}
	if f.Name == "__schema" || f.Name == "__type" {
		sub, err := w.set(f.SelectionSet, path, 2, introMode, 0)
		if err != nil {
			return summary{}, err
		}
		out.once, out.height = 1, 1
		out.intro, out.introRoots = add(1, sub.intro), add(1, sub.introRoots)
		out.aliases = add(out.aliases, sub.aliases)
		return out, nil
	}
	var args map[string]any // read only: nil for a field without arguments
	if f.Definition != nil && len(f.Definition.Arguments) > 0 {
		args = f.ArgumentMap(w.oc.Variables)
	}
	if err := checkPage(f, args, path); err != nil {
		return summary{}, err
	}
	if err := w.checkArgs(f, args, path); err != nil {
		return summary{}, err
	}
	sub, err := w.set(f.SelectionSet, path, depth+1, dataMode, 0)
	if err != nil {
		return summary{}, err
	}
	if isConnection(f) {
		// A connection's edges repeat once per element of the page; its other
		// fields (totalCount, pageInfo, pools) once.
		out.once = add(1, add(sub.once, mul(pageSize(args), sub.elem)))
	} else {
		out.once = add(1, mul(w.listFactor(f, args), add(sub.once, sub.elem)))
	}
	out.height = 1 + sub.height
	out.aliases, out.intro, out.introRoots = add(out.aliases, sub.aliases), sub.intro, sub.introRoots
	return out, nil
}

// extend returns path with one more field name, written in place past path's
// end when there is room.
func extend(path ast.Path, name string) ast.Path { return append(path, ast.PathName(name)) }

// pageSize is the most elements a connection page returns: its first or last (at
// least 1, so that costs only grow towards the root).
func pageSize(args map[string]any) int {
	n, ok := intArg(args["first"])
	if m, ok2 := intArg(args["last"]); ok2 && (!ok || m > n) {
		n = m
	}
	return max(int(n), 1)
}

func isConnectionType(name string) bool { return strings.HasSuffix(name, "Connection") }

func isConnection(f *ast.Field) bool {
	return f.Definition != nil && f.Definition.Type != nil &&
		isConnectionType(f.Definition.Type.Name()) && f.Definition.Arguments.ForName("first") != nil
}
