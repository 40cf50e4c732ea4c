// Package schemadiff compares two versions of a GraphQL schema and sorts the
// differences into breaking changes (a client written for the old schema may
// fail against the new one), dangerous ones (it keeps working but may behave
// differently) and safe additions. CI uses it to hold the published schema to the
// last released one.
package schemadiff

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Level grades a change.
type Level int

// Levels of change.
const (
	Safe Level = iota
	Dangerous
	Breaking
)

func (l Level) String() string {
	return [...]string{"safe", "dangerous", "breaking"}[l]
}

// Change is one difference between the schemas.
type Change struct {
	Level Level
	// Path names the element: Type, Type.field, Type.field(arg), Enum.VALUE.
	Path    string
	Message string
}

func (c Change) String() string { return fmt.Sprintf("%s: %s: %s", c.Level, c.Path, c.Message) }

// Compare lists the changes from old to newer, breaking ones first, then by path.
func Compare(old, newer *ast.Schema) []Change {
	var out []Change
	add := func(l Level, path, format string, args ...any) {
		out = append(out, Change{Level: l, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	for name, ot := range old.Types {
		if ot.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		nt, ok := newer.Types[name]
		if !ok {
			add(Breaking, name, "type removed")
			continue
		}
		if ot.Kind != nt.Kind {
			add(Breaking, name, "kind changed from %s to %s", ot.Kind, nt.Kind)
			continue
		}
		switch ot.Kind {
		case ast.Object, ast.Interface:
			for _, of := range ot.Fields {
				if strings.HasPrefix(of.Name, "__") {
					continue
				}
				path := name + "." + of.Name
				nf := nt.Fields.ForName(of.Name)
				if nf == nil {
					add(Breaking, path, "field removed")
					continue
				}
				if !outputCompatible(of.Type, nf.Type) {
					add(Breaking, path, "type changed from %s to %s", of.Type, nf.Type)
				}
				compareArgs(add, path, of.Arguments, nf.Arguments)
			}
			for _, i := range ot.Interfaces {
				if !slices.Contains(nt.Interfaces, i) {
					add(Breaking, name, "no longer implements %s", i)
				}
			}
			for _, nf := range nt.Fields {
				if ot.Fields.ForName(nf.Name) == nil {
					add(Safe, name+"."+nf.Name, "field added")
				}
			}
		case ast.InputObject:
			for _, of := range ot.Fields {
				path := name + "." + of.Name
				nf := nt.Fields.ForName(of.Name)
				if nf == nil {
					add(Breaking, path, "input field removed")
					continue
				}
				if !inputCompatible(of.Type, nf.Type) {
					add(Breaking, path, "type changed from %s to %s", of.Type, nf.Type)
				}
				if defaultOf(of.DefaultValue) != defaultOf(nf.DefaultValue) {
					add(Dangerous, path, "default changed from %s to %s", defaultOf(of.DefaultValue), defaultOf(nf.DefaultValue))
				}
			}
			for _, nf := range nt.Fields {
				if ot.Fields.ForName(nf.Name) != nil {
					continue
				}
				if nf.Type.NonNull && nf.DefaultValue == nil {
					add(Breaking, name+"."+nf.Name, "required input field added")
				} else {
					add(Safe, name+"."+nf.Name, "optional input field added")
				}
			}
		case ast.Enum:
			for _, ov := range ot.EnumValues {
				if nt.EnumValues.ForName(ov.Name) == nil {
					add(Breaking, name+"."+ov.Name, "enum value removed")
				}
			}
			for _, nv := range nt.EnumValues {
				if ot.EnumValues.ForName(nv.Name) == nil {
					// A client that switches over the values may meet one it does not know.
					add(Dangerous, name+"."+nv.Name, "enum value added")
				}
			}
		case ast.Union:
			for _, m := range ot.Types {
				if !slices.Contains(nt.Types, m) {
					add(Breaking, name, "union member %s removed", m)
				}
			}
			for _, m := range nt.Types {
				if !slices.Contains(ot.Types, m) {
					add(Dangerous, name, "union member %s added", m)
				}
			}
		}
	}
	for name, nt := range newer.Types {
		if _, ok := old.Types[name]; !ok && !nt.BuiltIn {
			add(Safe, name, "type added")
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return out[i].Level > out[j].Level
		}
		return out[i].Path < out[j].Path
	})
	return out
}

func compareArgs(add func(Level, string, string, ...any), field string, old, newer ast.ArgumentDefinitionList) {
	for _, oa := range old {
		path := fmt.Sprintf("%s(%s)", field, oa.Name)
		na := newer.ForName(oa.Name)
		if na == nil {
			add(Breaking, path, "argument removed")
			continue
		}
		if !inputCompatible(oa.Type, na.Type) {
			add(Breaking, path, "type changed from %s to %s", oa.Type, na.Type)
		}
		if defaultOf(oa.DefaultValue) != defaultOf(na.DefaultValue) {
			add(Dangerous, path, "default changed from %s to %s", defaultOf(oa.DefaultValue), defaultOf(na.DefaultValue))
		}
	}
	for _, na := range newer {
		if old.ForName(na.Name) != nil {
			continue
		}
		path := fmt.Sprintf("%s(%s)", field, na.Name)
		if na.Type.NonNull && na.DefaultValue == nil {
			add(Breaking, path, "required argument added")
		} else {
			add(Safe, path, "optional argument added")
		}
	}
}

// outputCompatible: a client reading old can read new. The named type must stay;
// a nullable field may become non-null, not the reverse; lists stay lists.
func outputCompatible(old, newer *ast.Type) bool {
	if old.NonNull && !newer.NonNull {
		return false
	}
	if (old.Elem == nil) != (newer.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return outputCompatible(old.Elem, newer.Elem)
	}
	return old.NamedType == newer.NamedType
}

// inputCompatible: what a client sent for old is valid for new. A required input
// may become optional, not the reverse.
func inputCompatible(old, newer *ast.Type) bool {
	if !old.NonNull && newer.NonNull {
		return false
	}
	if (old.Elem == nil) != (newer.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return inputCompatible(old.Elem, newer.Elem)
	}
	return old.NamedType == newer.NamedType
}

func defaultOf(v *ast.Value) string {
	if v == nil {
		return "none"
	}
	return v.String()
}

// BreakingOnly keeps the breaking changes.
func BreakingOnly(cs []Change) []Change {
	var out []Change
	for _, c := range cs {
		if c.Level == Breaking {
			out = append(out, c)
		}
	}
	return out
}
