package schema

import (
	"reflect"
	"slices"

	"entgo.io/ent"

	"github.com/exportiva/exportiva/internal/validate"
)

// checkFields runs the validators of every field the mutation sets, as declared
// in the schema (NotEmpty, MaxLen, Validate(…)), and returns all the broken ones
// at once (validate.Errors). ent's generated check stops at the first; running
// them up front, in the type's hook, lets the API report every invalid field of
// one input in one error.
func checkFields(m ent.Mutation, fields []ent.Field) error {
	var es validate.Errors
	for _, f := range fields {
		d := f.Descriptor()
		v, ok := m.Field(d.Name)
		if !ok || v == nil {
			continue
		}
		for _, fn := range d.Validators {
			if err := callValidator(fn, v); err != nil {
				es.Add(validate.Field(d.Name, err))
				break
			}
		}
	}
	return es.Err()
}

// callValidator calls a validator func(T) error with v, converted to T when its
// Go type is a named type over T (money.Amount for int64).
func callValidator(fn any, v any) error {
	f := reflect.ValueOf(fn)
	if f.Kind() != reflect.Func || f.Type().NumIn() != 1 {
		return nil
	}
	arg := reflect.ValueOf(v)
	in := f.Type().In(0)
	if !arg.Type().AssignableTo(in) {
		if !arg.Type().ConvertibleTo(in) {
			// Not ours to decide: ent's generated check still runs it.
			return nil
		}
		arg = arg.Convert(in)
	}
	out := f.Call([]reflect.Value{arg})
	if err, _ := out[0].Interface().(error); err != nil {
		return err
	}
	return nil
}

// validated checks a create or update as a whole before it is saved: the
// type's own checks (which normalize first: HS codes lose their dots), then the
// field validators of fields (checkFields); every field error of all of them is
// reported together, in the order of the schema's fields.
func validated(m ent.Mutation, fields []ent.Field, checks ...func() error) error {
	err := validate.Collect(append(checks, func() error { return checkFields(m, fields) })...)
	if es, ok := err.(validate.Errors); ok {
		index := func(e *validate.FieldError) int {
			i := slices.IndexFunc(fields, func(f ent.Field) bool { return f.Descriptor().Name == e.Field })
			if i < 0 {
				return len(fields)
			}
			return i
		}
		slices.SortStableFunc(es, func(a, b *validate.FieldError) int { return index(a) - index(b) })
	}
	return err
}
