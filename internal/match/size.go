package match

import (
	"reflect"
	"unsafe"
)

// SizeOf estimates the bytes a cached result (an *Outcome or a []Lead) holds
// in memory: the structs, slices, strings and maps reachable from it through
// exported fields, each counted once (a producer shared by many matches is
// counted once). Unexported fields count for their inline size only: they
// hold the ent client's configuration, shared by every entity. It is what the
// match cache's byte budget measures.
func SizeOf(v any) int {
	s := sizer{seen: map[unsafe.Pointer]bool{}}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return 0
	}
	return int(rv.Type().Size()) + s.walk(rv)
}

type sizer struct{ seen map[unsafe.Pointer]bool }

// walk returns the bytes v refers to outside its own inline size.
func (s *sizer) walk(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || s.seen[v.UnsafePointer()] {
			return 0
		}
		s.seen[v.UnsafePointer()] = true
		return int(v.Type().Elem().Size()) + s.walk(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		n := s.walk(e)
		if e.Kind() != reflect.Pointer {
			n += int(e.Type().Size()) // boxed
		}
		return n
	case reflect.String:
		return v.Len()
	case reflect.Slice:
		if v.IsNil() || s.seen[v.UnsafePointer()] {
			return 0
		}
		s.seen[v.UnsafePointer()] = true
		n := v.Cap() * int(v.Type().Elem().Size())
		for i := range v.Len() {
			n += s.walk(v.Index(i))
		}
		return n
	case reflect.Array:
		n := 0
		for i := range v.Len() {
			n += s.walk(v.Index(i))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		// buckets: keys and values, with the map's own overhead about doubling them
		n := 2 * v.Len() * int(v.Type().Key().Size()+v.Type().Elem().Size())
		for it := v.MapRange(); it.Next(); {
			n += s.walk(it.Key()) + s.walk(it.Value())
		}
		return n
	case reflect.Struct:
		n := 0
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				n += s.walk(v.Field(i))
			}
		}
		return n
	}
	return 0
}
