package charm

import (
	"bufio"
	"errors"
	"io"
	"math"
	"math/bits"
	"slices"
)

// This file speaks encoding/gob's wire format for exactly the values the
// jujuc client exchanges, so that a charm links neither encoding/gob nor
// its reflection machinery (its package initialiser alone was half of a
// charm's start-up). The format is encoding/gob's package documentation,
// "Encoding details":
//
//   - an unsigned integer is one byte when < 128, otherwise the negated
//     count of the big-endian bytes that follow (one byte), then those;
//   - a signed integer is an unsigned one with the sign in bit 0
//     (complemented when set);
//   - strings and []byte are a byte count and the bytes;
//   - a struct is (field number delta, value)* then a 0, zero fields
//     omitted; slices and maps are an element count and the elements;
//   - a stream is messages, each prefixed by its byte count; a message is
//     a type definition (-id, then a wireType value) or a value (id, then
//     the value). A type's definition comes before the first value that
//     uses it, and once per stream.
//
// Writing, the client sends net/rpc's Request header and jujucRequest
// with type definitions of its own. Reading, it takes whatever type
// definitions encoding/gob sends, matches struct fields to its own by
// name as gob does, skips the fields it does not know, and rejects
// anything malformed with an error: lengths are bounded by the message
// (itself at most gobMaxMessage bytes), nesting by gobMaxDepth. Interface
// values, which no jujuc message has, are refused rather than skipped.

// gob's predefined type ids.
const (
	gobBool      = 1
	gobInt       = 2
	gobUint      = 3
	gobFloat     = 4
	gobBytes     = 5
	gobString    = 6
	gobComplex   = 7
	gobFirstUser = 64 // the lowest id a stream may define
)

// The ids this client gives its types. A stream's ids are its sender's
// to choose, from 64 up; these number as the package documentation's
// example does, a struct before its fields' types.
const (
	gobIDRequest      = 65 // net/rpc's Request header
	gobIDJujucRequest = 66
	gobIDStrings      = 67 // []string, jujucRequest.Args
)

const (
	gobMaxMessage  = 64 << 20 // bytes in one message
	gobMaxTypeDefs = 1 << 20  // bytes of type definitions in one stream
	gobMaxTypes    = 1024     // type definitions in one stream
	gobMaxDepth    = 100      // nesting of a skipped value
)

// gobField is a struct field as gob describes it: a name and a type id.
type gobField struct {
	name string
	id   int32
}

// The structs on the wire, with gob's type ids for their fields. Juju
// decodes by field name, so these names are the protocol.
var (
	gobRequestFields = [...]gobField{{"ServiceMethod", gobString}, {"Seq", gobUint}}
	gobJujucFields   = [...]gobField{
		{"ContextId", gobString}, {"Dir", gobString}, {"CommandName", gobString},
		{"Args", gobIDStrings}, {"StdinSet", gobBool}, {"Stdin", gobBytes}, {"Token", gobString},
	}
	gobResponseFields = [...]gobField{{"ServiceMethod", gobString}, {"Seq", gobUint}, {"Error", gobString}}
	gobReplyFields    = [...]gobField{{"Code", gobInt}, {"Stdout", gobBytes}, {"Stderr", gobBytes}}
)

// --- writing ---

func gobAppendUint(b []byte, x uint64) []byte {
	if x < 0x80 {
		return append(b, byte(x))
	}
	n := (bits.Len64(x) + 7) / 8
	b = append(b, byte(-n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(x>>(8*i)))
	}
	return b
}

func gobAppendInt(b []byte, i int64) []byte {
	if i < 0 {
		return gobAppendUint(b, uint64(^i)<<1|1)
	}
	return gobAppendUint(b, uint64(i)<<1)
}

func gobAppendString(b []byte, s string) []byte {
	return append(gobAppendUint(b, uint64(len(s))), s...)
}

// gobAppendCommon appends a CommonType{Name, Id} value.
func gobAppendCommon(b []byte, name string, id int32) []byte {
	delta := byte(1)
	if name != "" {
		b = gobAppendString(append(b, 1), name)
	} else {
		delta = 2
	}
	return append(gobAppendInt(append(b, delta), int64(id)), 0)
}

// gobAppendStructDef appends the definition of a struct type: -id, then
// wireType{StructT: &structType{CommonType{name, id}, fields}}.
func gobAppendStructDef(b []byte, id int32, name string, fields []gobField) []byte {
	b = gobAppendInt(b, -int64(id))
	b = append(b, 3, 1) // wireType.StructT (field 2), structType.CommonType (field 0)
	b = gobAppendCommon(b, name, id)
	b = append(b, 1) // structType.Field
	b = gobAppendUint(b, uint64(len(fields)))
	for _, f := range fields {
		b = gobAppendString(append(b, 1), f.name)
		b = append(gobAppendInt(append(b, 1), int64(f.id)), 0)
	}
	return append(b, 0, 0) // end of structType, of wireType
}

// gobAppendSliceDef appends the definition of a slice type: -id, then
// wireType{SliceT: &sliceType{CommonType{name, id}, elem}}.
func gobAppendSliceDef(b []byte, id int32, name string, elem int32) []byte {
	b = gobAppendInt(b, -int64(id))
	b = append(b, 2, 1) // wireType.SliceT (field 1), sliceType.CommonType (field 0)
	b = gobAppendCommon(b, name, id)
	b = gobAppendInt(append(b, 1), int64(elem)) // sliceType.Elem
	return append(b, 0, 0)
}

// gobEncoder writes the client's side of one connection's gob stream.
type gobEncoder struct {
	out  []byte // the messages of one call
	msg  []byte // the message being written
	sent bool   // the type definitions have gone
}

// message appends msg to out with its byte count.
func (e *gobEncoder) message() {
	e.out = append(gobAppendUint(e.out, uint64(len(e.msg))), e.msg...)
	e.msg = e.msg[:0]
}

// encodeCall returns the messages of one call: net/rpc's Request header
// {ServiceMethod, Seq} then the argument, with the type definitions
// before the first call's values, in the order encoding/gob sends them.
// The result is valid until the next call.
func (e *gobEncoder) encodeCall(method string, seq uint64, req *jujucRequest) []byte {
	e.out, e.msg = e.out[:0], e.msg[:0]
	first := !e.sent
	e.sent = true
	if first {
		e.msg = gobAppendStructDef(e.msg, gobIDRequest, "Request", gobRequestFields[:])
		e.message()
	}
	w := gobStructWriter{b: gobAppendInt(e.msg, gobIDRequest), last: -1}
	if method != "" {
		w.b = gobAppendString(w.field(0), method)
	}
	if seq != 0 {
		w.b = gobAppendUint(w.field(1), seq)
	}
	e.msg = append(w.b, 0)
	e.message()

	if first {
		e.msg = gobAppendStructDef(e.msg, gobIDJujucRequest, "Request", gobJujucFields[:])
		e.message()
		e.msg = gobAppendSliceDef(e.msg, gobIDStrings, "[]string", gobString)
		e.message()
	}
	w = gobStructWriter{b: gobAppendInt(e.msg, gobIDJujucRequest), last: -1}
	for i, s := range [...]string{req.ContextId, req.Dir, req.CommandName} {
		if s != "" {
			w.b = gobAppendString(w.field(i), s)
		}
	}
	if len(req.Args) > 0 {
		w.b = gobAppendUint(w.field(3), uint64(len(req.Args)))
		for _, a := range req.Args {
			w.b = gobAppendString(w.b, a) // elements are sent even when empty
		}
	}
	if req.StdinSet {
		w.b = append(w.field(4), 1)
	}
	if len(req.Stdin) > 0 {
		w.b = append(gobAppendUint(w.field(5), uint64(len(req.Stdin))), req.Stdin...)
	}
	if req.Token != "" {
		w.b = gobAppendString(w.field(6), req.Token)
	}
	e.msg = append(w.b, 0)
	e.message()
	return e.out
}

// gobStructWriter appends a struct's fields, delta-numbered.
type gobStructWriter struct {
	b    []byte
	last int
}

// field appends field i's number and returns the buffer for its value.
func (w *gobStructWriter) field(i int) []byte {
	w.b = gobAppendUint(w.b, uint64(i-w.last))
	w.last = i
	return w.b
}

// --- reading ---

// gobReader reads values from one message. The first error sticks: later
// reads return zero values and consume nothing.
type gobReader struct {
	b   []byte
	err error
}

func (r *gobReader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New("gob: " + msg)
	}
}

func (r *gobReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("value runs past the end of its message")
		return 0
	}
	c := r.b[0]
	if c < 0x80 {
		r.b = r.b[1:]
		return uint64(c)
	}
	n := -int(int8(c))
	if n > 8 {
		r.fail("bad unsigned integer")
		return 0
	}
	if len(r.b) < 1+n {
		r.fail("value runs past the end of its message")
		return 0
	}
	var x uint64
	for _, c := range r.b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	r.b = r.b[1+n:]
	return x
}

func gobToInt(x uint64) int64 {
	if x&1 != 0 {
		return ^int64(x >> 1)
	}
	return int64(x >> 1)
}

func (r *gobReader) int() int64 { return gobToInt(r.uint()) }

// id reads a type id (gob's are 32-bit).
func (r *gobReader) id() int32 {
	i := r.int()
	if i < math.MinInt32 || i > math.MaxInt32 {
		r.fail("type id out of range")
		return 0
	}
	return int32(i)
}

// bytes reads a byte count and that many bytes, a string or a []byte.
// The result shares the message's memory.
func (r *gobReader) bytes() []byte {
	n := r.uint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail("length runs past the end of its message")
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

// count reads an element count. Every value takes at least a byte, so a
// count above what is left of the message is wrong.
func (r *gobReader) count() int {
	n := r.uint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.fail("element count runs past the end of its message")
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

// fields reads a struct value of n fields: it calls f with the number of
// each field present, whose value f must read, until the terminating 0.
func (r *gobReader) fields(n int, f func(field int)) {
	field := -1
	for r.err == nil {
		delta := r.uint()
		if r.err != nil || delta == 0 {
			return
		}
		if delta > uint64(n-1-field) {
			r.fail("field number out of range")
			return
		}
		field += int(delta)
		f(field)
	}
}

// gobType is a type a stream has defined (gob's wireType).
type gobType struct {
	kind    uint8 // gobKindArray ...
	checked bool  // every type it refers to is defined and skippable
	elem    int32 // array, slice, map
	key     int32 // map
	len     int64 // array
	fields  []gobField
}

const (
	gobKindArray = iota + 1
	gobKindSlice
	gobKindStruct
	gobKindMap
	gobKindOpaque // GobEncoder, BinaryMarshaler, TextMarshaler: a byte count and bytes
)

// common reads a CommonType, of which only the validity matters.
func (r *gobReader) common() {
	r.fields(2, func(f int) {
		if f == 0 {
			r.bytes()
		} else {
			r.id()
		}
	})
}

// wireType reads a wireType value: exactly one of ArrayT, SliceT, StructT,
// MapT, GobEncoderT, BinaryMarshalerT, TextMarshalerT.
func (r *gobReader) wireType() *gobType {
	var t *gobType
	r.fields(7, func(f int) {
		if t != nil {
			r.fail("type definition of more than one kind")
			return
		}
		t = new(gobType)
		switch f {
		case 0: // arrayType{CommonType, Elem, Len}
			t.kind = gobKindArray
			r.fields(3, func(f int) {
				switch f {
				case 0:
					r.common()
				case 1:
					t.elem = r.id()
				case 2:
					t.len = r.int()
				}
			})
			if t.len < 0 {
				r.fail("negative array length")
			}
		case 1: // sliceType{CommonType, Elem}
			t.kind = gobKindSlice
			r.fields(2, func(f int) {
				if f == 0 {
					r.common()
				} else {
					t.elem = r.id()
				}
			})
		case 2: // structType{CommonType, Field []fieldType{Name, Id}}
			t.kind = gobKindStruct
			r.fields(2, func(f int) {
				if f == 0 {
					r.common()
					return
				}
				n := r.count()
				t.fields = make([]gobField, 0, min(n, 16))
				for i := 0; i < n && r.err == nil; i++ {
					var fld gobField
					r.fields(2, func(f int) {
						if f == 0 {
							fld.name = string(r.bytes())
						} else {
							fld.id = r.id()
						}
					})
					t.fields = append(t.fields, fld)
				}
			})
		case 3: // mapType{CommonType, Key, Elem}
			t.kind = gobKindMap
			r.fields(3, func(f int) {
				switch f {
				case 0:
					r.common()
				case 1:
					t.key = r.id()
				case 2:
					t.elem = r.id()
				}
			})
		default: // gobEncoderType{CommonType}
			t.kind = gobKindOpaque
			r.fields(1, func(int) { r.common() })
		}
	})
	if r.err == nil && t == nil {
		r.fail("empty type definition")
	}
	return t
}

// gobDecoder reads the server's side of one connection's gob stream.
// Its first error sticks: the stream cannot be trusted after it.
type gobDecoder struct {
	r        *bufio.Reader
	types    map[int32]*gobType
	defBytes int // bytes of type definitions read
	err      error
}

// readCount reads a message's byte count from the stream.
func (d *gobDecoder) readCount() (int, error) {
	c, err := d.r.ReadByte()
	if err != nil {
		return 0, err
	}
	if c < 0x80 {
		return int(c), nil
	}
	n := -int(int8(c))
	if n > 8 {
		return 0, errors.New("gob: bad message length")
	}
	var x uint64
	for range n {
		c, err := d.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		x = x<<8 | uint64(c)
	}
	if x > gobMaxMessage {
		return 0, errors.New("gob: message too long")
	}
	return int(x), nil
}

// message reads the next message. io.EOF means the stream ended cleanly
// before it.
func (d *gobDecoder) message() ([]byte, error) {
	n, err := d.readCount()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("gob: empty message")
	}
	// Grow the buffer as the bytes arrive rather than trust the count.
	const chunk = 64 << 10
	var b []byte
	for len(b) < n {
		m := min(n-len(b), chunk)
		b = slices.Grow(b, m)
		if _, err := io.ReadFull(d.r, b[len(b):len(b)+m]); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		b = b[:len(b)+m]
	}
	return b, nil
}

// next reads messages up to the next value's, recording the type
// definitions on the way, and returns the value's type id and a reader of
// its encoding.
func (d *gobDecoder) next() (int32, *gobReader, error) {
	for first := true; ; first = false {
		msg, err := d.message()
		if err != nil {
			if err == io.EOF && !first {
				err = io.ErrUnexpectedEOF
			}
			return 0, nil, err
		}
		r := &gobReader{b: msg}
		id := r.id()
		if r.err != nil {
			return 0, nil, r.err
		}
		if id >= 0 {
			return id, r, nil
		}
		if d.defBytes += len(msg); d.defBytes > gobMaxTypeDefs || len(d.types) >= gobMaxTypes {
			return 0, nil, errors.New("gob: too many type definitions")
		}
		id = -id
		if id < gobFirstUser || d.types[id] != nil {
			return 0, nil, errors.New("gob: bad or duplicate type definition")
		}
		t := r.wireType()
		if r.err == nil && len(r.b) != 0 {
			r.fail("extra data after a type definition")
		}
		if r.err != nil {
			return 0, nil, r.err
		}
		if d.types == nil {
			d.types = make(map[int32]*gobType)
		}
		d.types[id] = t
	}
}

// check makes sure that every type id refers to, itself included, is
// defined and can be skipped, and that every struct field has a name, as
// gob does before it decodes a value of the type.
func (d *gobDecoder) check(id int32) error {
	if t := d.types[id]; t != nil && t.checked {
		return nil
	}
	var seen []*gobType // marked checked on the way, which ends cycles
	fail := func(msg string) error {
		for _, t := range seen {
			t.checked = false
		}
		return errors.New("gob: " + msg)
	}
	work := []int32{id}
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		if id >= gobBool && id <= gobComplex {
			continue
		}
		t := d.types[id]
		if t == nil {
			return fail("undefined or unsupported type")
		}
		if t.checked {
			continue
		}
		t.checked = true
		seen = append(seen, t)
		switch t.kind {
		case gobKindArray, gobKindSlice:
			work = append(work, t.elem)
		case gobKindMap:
			work = append(work, t.key, t.elem)
		case gobKindStruct:
			for _, f := range t.fields {
				if f.name == "" {
					return fail("struct field without a name")
				}
				work = append(work, f.id)
			}
		}
	}
	return nil
}

// skip reads past a value of type id, which check has accepted.
func (d *gobDecoder) skip(r *gobReader, id int32, depth int) {
	if r.err != nil {
		return
	}
	if depth > gobMaxDepth {
		r.fail("value nested too deeply")
		return
	}
	switch id {
	case gobBool, gobInt, gobUint, gobFloat:
		r.uint()
		return
	case gobBytes, gobString:
		r.bytes()
		return
	case gobComplex:
		r.uint()
		r.uint()
		return
	}
	t := d.types[id]
	if t == nil {
		r.fail("undefined type")
		return
	}
	switch t.kind {
	case gobKindArray:
		if n := r.uint(); r.err == nil && (n != uint64(t.len) || n > uint64(len(r.b))) {
			r.fail("wrong array length")
		}
		for i := int64(0); i < t.len && r.err == nil; i++ {
			d.skip(r, t.elem, depth+1)
		}
	case gobKindSlice:
		n := r.count()
		for i := 0; i < n && r.err == nil; i++ {
			d.skip(r, t.elem, depth+1)
		}
	case gobKindMap:
		n := r.count()
		for i := 0; i < n && r.err == nil; i++ {
			d.skip(r, t.key, depth+1)
			d.skip(r, t.elem, depth+1)
		}
	case gobKindStruct:
		r.fields(len(t.fields), func(f int) { d.skip(r, t.fields[f].id, depth+1) })
	default:
		r.bytes()
	}
}

// gobScalar is a decoded field of one of the client's structs.
type gobScalar struct {
	set bool
	u   uint64 // gobUint, gobInt (before gobToInt)
	b   []byte // gobString, gobBytes
}

// decodeStruct reads the next value, a struct, into vals (one for each of
// want): its fields are matched to want's by name and must have want's
// type; the others are skipped.
func (d *gobDecoder) decodeStruct(want []gobField, vals []gobScalar) error {
	if d.err != nil {
		return d.err
	}
	err := d.decodeStruct1(want, vals)
	if err != nil {
		d.err = err
	}
	return err
}

func (d *gobDecoder) decodeStruct1(want []gobField, vals []gobScalar) error {
	id, r, err := d.next()
	if err != nil {
		return err
	}
	t := d.types[id]
	if t == nil || t.kind != gobKindStruct {
		return errors.New("gob: type mismatch: want a struct")
	}
	if err := d.check(id); err != nil {
		return err
	}
	var matched uint64 // bit i: want[i] has its wire field
	for _, f := range t.fields {
		i := gobFind(want, f.name)
		if i < 0 {
			continue
		}
		if f.id != want[i].id {
			return errors.New("gob: wrong type for received field " + f.name)
		}
		if matched&(1<<i) != 0 {
			return errors.New("gob: field " + f.name + " defined twice")
		}
		matched |= 1 << i
	}
	if matched == 0 && len(t.fields) > 0 {
		return errors.New("gob: type mismatch: no fields matched")
	}
	r.fields(len(t.fields), func(f int) {
		wf := t.fields[f]
		i := gobFind(want, wf.name)
		if i < 0 {
			d.skip(r, wf.id, 1)
			return
		}
		switch wf.id {
		case gobString, gobBytes:
			vals[i].b = r.bytes()
		default:
			vals[i].u = r.uint()
		}
		vals[i].set = true
	})
	return r.end()
}

func gobFind(fields []gobField, name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	return -1
}

// end checks that the message has been read to its end.
func (r *gobReader) end() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail("extra data after a value")
	}
	return r.err
}

// skipValue reads past the next value, whatever its type.
func (d *gobDecoder) skipValue() error {
	if d.err != nil {
		return d.err
	}
	err := d.skipValue1()
	if err != nil {
		d.err = err
	}
	return err
}

func (d *gobDecoder) skipValue1() error {
	id, r, err := d.next()
	if err != nil {
		return err
	}
	if err := d.check(id); err != nil {
		return err
	}
	if t := d.types[id]; t != nil && t.kind == gobKindStruct {
		d.skip(r, id, 0)
	} else {
		// A value other than a struct is sent as a struct's only field.
		if r.uint() != 0 && r.err == nil {
			r.fail("bad top-level value")
		}
		d.skip(r, id, 0)
	}
	return r.end()
}

// readResponse reads net/rpc's Response header.
func (d *gobDecoder) readResponse(resp *rpcResponse) error {
	var v [len(gobResponseFields)]gobScalar
	if err := d.decodeStruct(gobResponseFields[:], v[:]); err != nil {
		return err
	}
	if v[0].set {
		resp.ServiceMethod = string(v[0].b)
	}
	if v[1].set {
		resp.Seq = v[1].u
	}
	if v[2].set {
		resp.Error = string(v[2].b)
	}
	return nil
}

// readReply reads a jujucResponse.
func (d *gobDecoder) readReply(reply *jujucResponse) error {
	var v [len(gobReplyFields)]gobScalar
	if err := d.decodeStruct(gobReplyFields[:], v[:]); err != nil {
		return err
	}
	if v[0].set {
		code := gobToInt(v[0].u)
		if int64(int(code)) != code {
			d.err = errors.New("gob: value for Code out of range")
			return d.err
		}
		reply.Code = int(code)
	}
	if v[1].set {
		reply.Stdout = gobNilIfEmpty(v[1].b)
	}
	if v[2].set {
		reply.Stderr = gobNilIfEmpty(v[2].b)
	}
	return nil
}

// gobNilIfEmpty gives nil for no bytes, as gob decodes them.
func gobNilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
