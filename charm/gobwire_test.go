package charm

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The types on the other side of the wire, as encoding/gob and net/rpc
// see them: net/rpc's Request and Response headers, Juju's jujuc.Request
// and exec.ExecResponse.
type wireRequest struct {
	ServiceMethod string
	Seq           uint64
}

type wireJujucRequest struct {
	ContextId   string //nolint:revive // Juju's field name
	Dir         string
	CommandName string
	Args        []string
	StdinSet    bool
	Stdin       []byte
	Token       string
}

type wireResponse struct {
	ServiceMethod string
	Seq           uint64
	Error         string
}

type wireExecResponse struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// gobCall is one call's values, as the client sends them.
type gobCall struct {
	method string
	seq    uint64
	req    jujucRequest
}

// gobAnswer is one response, as a server sends it.
type gobAnswer struct {
	resp  wireResponse
	reply wireExecResponse // when resp.Error is empty
}

func randString(r *rand.Rand) string {
	switch r.IntN(8) {
	case 0:
		return ""
	case 1:
		return "é☃\x00\xff" // any bytes go
	case 2:
		return strings.Repeat("x", 100+r.IntN(300)) // counts of more than a byte
	case 3:
		if r.IntN(10) == 0 {
			return strings.Repeat("long", 20000)
		}
	}
	b := make([]byte, r.IntN(20))
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}

func randBytes(r *rand.Rand) []byte {
	switch r.IntN(6) {
	case 0:
		return nil
	case 1:
		return []byte{}
	case 2:
		if r.IntN(5) == 0 {
			chunk := make([]byte, 256)
			for i := range chunk {
				chunk[i] = byte(r.Uint32())
			}
			return bytes.Repeat(chunk, 4100)[:1<<20+r.IntN(1000)]
		}
	}
	b := make([]byte, r.IntN(300))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func randStrings(r *rand.Rand) []string {
	switch r.IntN(5) {
	case 0:
		return nil
	case 1:
		return []string{}
	case 2:
		return []string{""}
	}
	s := make([]string, r.IntN(20))
	for i := range s {
		s[i] = randString(r)
	}
	return s
}

func randSeq(r *rand.Rand) uint64 {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.MaxUint64
	case 2:
		return uint64(r.IntN(300))
	case 3:
		return 1 << r.IntN(64)
	}
	return r.Uint64() >> r.IntN(64)
}

func randCode(r *rand.Rand) int {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.MinInt
	case 2:
		return math.MaxInt
	case 3:
		return r.IntN(300) - 150
	case 4:
		return -(1 << r.IntN(63))
	}
	return int(r.Int64() >> r.IntN(64))
}

func randCall(r *rand.Rand) gobCall {
	c := gobCall{method: "Jujuc.Main", seq: randSeq(r), req: jujucRequest{
		ContextId: randString(r), Dir: randString(r), CommandName: randString(r),
		Args: randStrings(r), StdinSet: r.IntN(2) == 0, Stdin: randBytes(r), Token: randString(r),
	}}
	if r.IntN(5) == 0 {
		c.method = randString(r)
	}
	return c
}

func randAnswer(r *rand.Rand) gobAnswer {
	a := gobAnswer{resp: wireResponse{ServiceMethod: randString(r), Seq: randSeq(r)}}
	if r.IntN(4) == 0 {
		a.resp.Error = randString(r)
		if a.resp.Error == "" {
			a.resp.Error = "bad request: oops"
		}
		return a
	}
	a.reply = wireExecResponse{Code: randCode(r), Stdout: randBytes(r), Stderr: randBytes(r)}
	return a
}

// nilIfEmpty is what gob makes of an empty slice: it sends none.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// gobMessages splits a gob stream into its messages' type ids: negative
// for a type definition.
func gobMessages(t *testing.T, stream []byte) []int32 {
	t.Helper()
	d := gobDecoder{r: bufio.NewReader(bytes.NewReader(stream))}
	var ids []int32
	for {
		msg, err := d.message()
		if err == io.EOF {
			return ids
		}
		if err != nil {
			t.Fatal(err)
		}
		r := gobReader{b: msg}
		ids = append(ids, r.id())
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
}

// TestGobWireEncode encodes calls with gobEncoder and decodes them with
// encoding/gob: into the same structs, and into structs with fields more
// and fewer.
func TestGobWireEncode(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for stream := range 20 {
		var calls []gobCall
		var buf bytes.Buffer
		var enc gobEncoder
		for range 1 + r.IntN(20) {
			c := randCall(r)
			calls = append(calls, c)
			buf.Write(enc.encodeCall(c.method, c.seq, &c.req))
		}
		data := buf.Bytes()

		// Type definitions are sent once, before the first values.
		ids := gobMessages(t, data)
		want := []int32{-gobIDRequest, gobIDRequest, -gobIDJujucRequest, -gobIDStrings, gobIDJujucRequest}
		for range len(calls) - 1 {
			want = append(want, gobIDRequest, gobIDJujucRequest)
		}
		if !reflect.DeepEqual(ids, want) {
			t.Fatalf("stream %d: messages %v, want %v", stream, ids, want)
		}

		dec := gob.NewDecoder(bytes.NewReader(data))
		for i, c := range calls {
			var h wireRequest
			var a wireJujucRequest
			if err := dec.Decode(&h); err != nil {
				t.Fatalf("stream %d call %d: header: %v", stream, i, err)
			}
			if err := dec.Decode(&a); err != nil {
				t.Fatalf("stream %d call %d: argument: %v", stream, i, err)
			}
			if h != (wireRequest{c.method, c.seq}) {
				t.Fatalf("stream %d call %d: header %+v, want %q %d", stream, i, h, c.method, c.seq)
			}
			wa := wireJujucRequest(c.req)
			wa.Args, wa.Stdin = nilIfEmpty(wa.Args), nilIfEmpty(wa.Stdin)
			if !reflect.DeepEqual(a, wa) {
				t.Fatalf("stream %d call %d: argument\n%+v\nwant\n%+v", stream, i, a, wa)
			}
		}
		if err := dec.Decode(new(wireRequest)); err != io.EOF {
			t.Fatalf("stream %d: after the calls: %v", stream, err)
		}

		// Juju 4's Request has no Token; another may have more fields.
		type fewer struct {
			CommandName string
			Args        []string
		}
		type more struct {
			Extra       map[string][]int
			Token       string
			StdinSet    bool
			Stdin       []byte
			Args        []string
			CommandName string
			Dir         string
			ContextId   string //nolint:revive
			Nested      struct{ A, B int }
		}
		dec = gob.NewDecoder(bytes.NewReader(data))
		for i, c := range calls {
			var h struct{ Seq uint64 }
			var f fewer
			var m more
			if err := dec.Decode(&h); err != nil || h.Seq != c.seq {
				t.Fatalf("stream %d call %d: header %+v %v", stream, i, h, err)
			}
			target := any(&f)
			if i%2 == 1 {
				target = &m
			}
			if err := dec.Decode(target); err != nil {
				t.Fatalf("stream %d call %d: argument into %T: %v", stream, i, target, err)
			}
			if i%2 == 0 && (f.CommandName != c.req.CommandName || !reflect.DeepEqual(f.Args, nilIfEmpty(c.req.Args))) {
				t.Fatalf("stream %d call %d: %+v", stream, i, f)
			}
			if i%2 == 1 {
				got := wireJujucRequest{m.ContextId, m.Dir, m.CommandName, m.Args, m.StdinSet, m.Stdin, m.Token}
				wa := wireJujucRequest(c.req)
				wa.Args, wa.Stdin = nilIfEmpty(wa.Args), nilIfEmpty(wa.Stdin)
				if !reflect.DeepEqual(got, wa) || m.Extra != nil || m.Nested.A != 0 {
					t.Fatalf("stream %d call %d: %+v", stream, i, m)
				}
			}
		}
	}
}

// encodeAnswers is a server's side of a stream: encoding/gob's, with
// the header and reply types given.
func encodeAnswers(t testing.TB, answers []gobAnswer, header func(wireResponse) any, reply func(wireExecResponse) any, placeholder any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, a := range answers {
		if err := enc.Encode(header(a.resp)); err != nil {
			t.Fatal(err)
		}
		body := placeholder
		if a.resp.Error == "" {
			body = reply(a.reply)
		}
		if err := enc.Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// decodeAnswers reads answers with gobDecoder, as gobClient does.
func decodeAnswers(data []byte, n int) ([]gobAnswer, error) {
	d := gobDecoder{r: bufio.NewReader(bytes.NewReader(data))}
	var got []gobAnswer
	for range n {
		var resp rpcResponse
		if err := d.readResponse(&resp); err != nil {
			return got, err
		}
		a := gobAnswer{resp: wireResponse(resp)}
		if resp.Error != "" {
			if err := d.skipValue(); err != nil {
				return got, err
			}
		} else {
			var reply jujucResponse
			if err := d.readReply(&reply); err != nil {
				return got, err
			}
			a.reply = wireExecResponse(reply)
		}
		got = append(got, a)
	}
	return got, nil
}

type node struct {
	V    int
	Next *node
}

type inner struct {
	S []string
	M map[string]float64
}

type opaque struct{ b []byte }

func (o opaque) MarshalBinary() ([]byte, error) { return o.b, nil }

func (o *opaque) UnmarshalBinary(b []byte) error { o.b = b; return nil }

// richResponse is a Response with fields gobDecoder does not know, of
// every kind it must skip, around the ones it does.
type richResponse struct {
	Before  map[string][]int
	Seq     uint64
	Float   float64
	Cplx    complex128
	Flag    bool
	Arr     [3]uint8
	Grid    [2][2]int
	Error   string
	When    time.Time // a GobEncoder
	Bin     opaque    // a BinaryMarshaler
	List    *node     // a recursive type
	Inners  []inner
	ByID    map[int]inner
	Names   []string
	Service string
	// ServiceMethod last, though net/rpc has it first.
	ServiceMethod string
	Uint          uint8
	Ints          []int64
}

type richReply struct {
	Stderr []byte
	Junk   map[[2]int][]bool
	Code   int64
	Nested struct {
		X    *node
		Deep [][]map[string]int
	}
	Stdout []byte
	Tail   string
}

func richAnswer(r *rand.Rand, resp wireResponse) any {
	x := &richResponse{Seq: resp.Seq, Error: resp.Error, ServiceMethod: resp.ServiceMethod}
	if r.IntN(2) == 0 {
		x.Before = map[string][]int{"a": {1, 2, 3}, "": nil, randString(r): {-1}}
		x.Float, x.Cplx, x.Flag = r.Float64(), complex(r.Float64(), -1), true
		x.Arr, x.Grid = [3]uint8{1, 0, 255}, [2][2]int{{1, -2}, {0, math.MinInt}}
		x.When = time.Unix(r.Int64N(1<<40), 0)
		x.Bin = opaque{randBytes(r)}
		x.List = &node{1, &node{2, &node{V: -3}}}
		x.Inners = []inner{{S: randStrings(r)}, {}, {M: map[string]float64{"pi": math.Pi}}}
		x.ByID = map[int]inner{7: {S: []string{"x"}}, -1: {}}
		x.Names, x.Service, x.Uint, x.Ints = randStrings(r), randString(r), 9, []int64{math.MinInt64, 0}
	}
	return x
}

// TestGobWireDecode encodes answers with encoding/gob and decodes them
// with gobDecoder: with Juju's types, with types of more fields and
// fewer, with placeholders of several kinds.
func TestGobWireDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type variant struct {
		name        string
		header      func(wireResponse) any
		reply       func(wireExecResponse) any
		placeholder any
		// what comes through, when the server's types lack fields
		filter func(*gobAnswer)
	}
	variants := []variant{
		{name: "net/rpc", header: func(h wireResponse) any { return &h }, reply: func(x wireExecResponse) any { return &x }, placeholder: struct{}{}},
		{name: "rich", header: func(h wireResponse) any { return richAnswer(r, h) },
			reply: func(x wireExecResponse) any {
				return richReply{Stderr: x.Stderr, Code: int64(x.Code), Stdout: x.Stdout, Tail: "t",
					Junk: map[[2]int][]bool{{1, 2}: {true, false}}}
			},
			placeholder: &richReply{Tail: "placeholder", Code: 3}},
		{name: "fewer",
			header: func(h wireResponse) any {
				return struct {
					Seq   uint64
					Error string
				}{h.Seq, h.Error}
			},
			reply:       func(x wireExecResponse) any { return struct{ Code int }{x.Code} },
			placeholder: "a string placeholder",
			filter: func(a *gobAnswer) {
				a.resp.ServiceMethod = ""
				a.reply.Stdout, a.reply.Stderr = nil, nil
			}},
		{name: "non-struct placeholders", header: func(h wireResponse) any { return h }, reply: func(x wireExecResponse) any { return x },
			placeholder: map[string][]int{"x": {1}}},
		{name: "slice placeholder", header: func(h wireResponse) any { return h }, reply: func(x wireExecResponse) any { return x },
			placeholder: []inner{{S: []string{"a"}}}},
		{name: "int placeholder", header: func(h wireResponse) any { return h }, reply: func(x wireExecResponse) any { return x },
			placeholder: -5},
	}
	for _, v := range variants {
		for stream := range 15 {
			var answers []gobAnswer
			for range 1 + r.IntN(12) {
				answers = append(answers, randAnswer(r))
			}
			data := encodeAnswers(t, answers, v.header, v.reply, v.placeholder)
			got, err := decodeAnswers(data, len(answers))
			if err != nil {
				t.Fatalf("%s stream %d: after %d answers: %v", v.name, stream, len(got), err)
			}
			for i := range answers {
				want := answers[i]
				want.reply.Stdout, want.reply.Stderr = nilIfEmpty(want.reply.Stdout), nilIfEmpty(want.reply.Stderr)
				if v.filter != nil {
					v.filter(&want)
				}
				if !reflect.DeepEqual(got[i], want) {
					t.Fatalf("%s stream %d answer %d:\n%+v\nwant\n%+v", v.name, stream, i, got[i], want)
				}
			}
			// Every prefix of the stream is an error, never a panic.
			if stream == 0 {
				step := max(1, len(data)/100)
				for n := 0; n < len(data); n++ {
					if n > 4096 && n%step != 0 {
						continue
					}
					if _, err := decodeAnswers(data[:n], len(answers)); err == nil {
						t.Fatalf("%s: %d of %d bytes decoded", v.name, n, len(data))
					}
				}
			}
		}
	}
}

// gobStream builds a stream by hand: messages of bytes given as
// []byte, with their byte counts.
func gobStream(msgs ...[]byte) []byte {
	var b []byte
	for _, m := range msgs {
		b = append(gobAppendUint(b, uint64(len(m))), m...)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// TestGobWireMalformed feeds gobDecoder streams it must refuse.
func TestGobWireMalformed(t *testing.T) {
	respDef := gobAppendStructDef(nil, 70, "Response", gobResponseFields[:])
	respVal := cat(gobAppendInt(nil, 70), []byte{2}, gobAppendUint(nil, 1), []byte{0}) // Seq 1
	nodeDef := gobAppendStructDef(nil, 71, "node", []gobField{{"V", gobInt}, {"Next", 71}})
	deepDef := gobAppendStructDef(nil, 70, "Response", []gobField{{"Seq", gobUint}, {"Deep", 71}})
	deepVal := func(n int) []byte {
		b := cat(gobAppendInt(nil, 70), []byte{1, 1, 1}) // Seq 1, Deep:
		for range n {
			b = append(b, 2) // Next
		}
		b = append(b, bytes.Repeat([]byte{0}, n+2)...)
		return b
	}
	// A slice's definition and then, in the same wireType, a struct's.
	twoKinds := gobAppendSliceDef(nil, 70, "x", gobString)
	twoKinds = gobAppendCommon(append(twoKinds[:len(twoKinds)-1], 1, 1), "y", 70)
	twoKinds = append(twoKinds, 0, 0)
	cases := []struct {
		name   string
		stream []byte
		want   string
	}{
		{"empty message", []byte{0}, "empty message"},
		{"bad count", []byte{0x80}, "bad message length"},
		{"huge count", []byte{0xfc, 0x10, 0, 0, 0}, "too long"},
		{"truncated count", []byte{0xfe, 0x01}, io.ErrUnexpectedEOF.Error()},
		{"truncated message", []byte{5, 1, 2}, io.ErrUnexpectedEOF.Error()},
		{"definition then EOF", gobStream(respDef), io.ErrUnexpectedEOF.Error()},
		{"reserved id", gobStream(gobAppendStructDef(nil, 20, "x", gobResponseFields[:])), "bad or duplicate"},
		{"duplicate definition", gobStream(respDef, respDef, respVal), "bad or duplicate"},
		{"undefined value type", gobStream(respVal), "want a struct"},
		{"basic value type", gobStream([]byte{12, 0, 0}), "want a struct"},
		{"extra data after definition", gobStream(append(respDef, 0)), "extra data"},
		{"extra data after value", gobStream(respDef, append(respVal, 0)), "extra data"},
		{"no terminator", gobStream(respDef, respVal[:len(respVal)-1]), "past the end"},
		{"field out of range", gobStream(respDef, cat(gobAppendInt(nil, 70), []byte{4, 0, 0})), "out of range"},
		{"bad uint", gobStream(respDef, cat(gobAppendInt(nil, 70), []byte{2, 0xf0, 0})), "bad unsigned"},
		{"string past end", gobStream(respDef, cat(gobAppendInt(nil, 70), []byte{1, 9, 'a', 0})), "past the end"},
		{"wrong field type", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Seq", gobString}}), cat(gobAppendInt(nil, 70), []byte{0})), "wrong type"},
		{"no fields matched", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Other", gobString}}), cat(gobAppendInt(nil, 70), []byte{0})), "no fields matched"},
		{"field twice", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Seq", gobUint}, {"Seq", gobUint}}), cat(gobAppendInt(nil, 70), []byte{0})), "twice"},
		{"unnamed field", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Seq", gobUint}, {"", gobUint}}), cat(gobAppendInt(nil, 70), []byte{0})), "without a name"},
		{"undefined field type", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Seq", gobUint}, {"X", 99}}), cat(gobAppendInt(nil, 70), []byte{0})), "undefined"},
		{"interface field", gobStream(gobAppendStructDef(nil, 70, "R", []gobField{{"Seq", gobUint}, {"X", 8}}), cat(gobAppendInt(nil, 70), []byte{0})), "unsupported"},
		{"two kinds", gobStream(twoKinds, respVal), "more than one kind"},
		{"empty definition", gobStream(cat(gobAppendInt(nil, -70), []byte{0}), respVal), "empty type"},
		{"deep value", gobStream(nodeDef, deepDef, deepVal(200)), "too deeply"},
		{"big type id", gobStream(cat(gobAppendInt(nil, 1<<40), []byte{0})), "type id out of range"},
	}
	for _, c := range cases {
		_, err := decodeAnswers(c.stream, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// The nesting that is allowed decodes.
	d := gobDecoder{r: bufio.NewReader(bytes.NewReader(gobStream(nodeDef, deepDef, deepVal(50))))}
	var resp rpcResponse
	if err := d.readResponse(&resp); err != nil || resp.Seq != 1 {
		t.Errorf("50 deep: %+v %v", resp, err)
	}
	// Errors stick.
	d = gobDecoder{r: bufio.NewReader(bytes.NewReader(gobStream(respVal, respDef, respVal)))}
	err1 := d.readResponse(&resp)
	if err2 := d.readResponse(&resp); err1 == nil || err2 != err1 {
		t.Errorf("errors: %v then %v", err1, err2)
	}
}

// gobAgrees decodes data as a stream of answers with gobDecoder, and
// whatever it decodes, encoding/gob must decode alike. It returns the
// number of answers decoded.
func gobAgrees(t *testing.T, data []byte) int {
	t.Helper()
	got, ourErr := decodeAnswers(data, 4)
	dec := gob.NewDecoder(bytes.NewReader(data))
	for i, a := range got {
		var resp wireResponse
		if err := dec.Decode(&resp); err != nil {
			t.Fatalf("answer %d: gobDecoder read header %+v, encoding/gob: %v", i, a.resp, err)
		}
		if resp != a.resp {
			t.Fatalf("answer %d: gobDecoder read header %+v, encoding/gob %+v", i, a.resp, resp)
		}
		if resp.Error != "" {
			if err := dec.DecodeValue(reflect.Value{}); err != nil {
				t.Fatalf("answer %d: gobDecoder skipped the placeholder, encoding/gob: %v", i, err)
			}
			continue
		}
		var reply wireExecResponse
		if err := dec.Decode(&reply); err != nil {
			t.Fatalf("answer %d: gobDecoder read reply %+v, encoding/gob: %v", i, a.reply, err)
		}
		if !reflect.DeepEqual(reply, a.reply) {
			t.Fatalf("answer %d: gobDecoder read reply %+v, encoding/gob %+v", i, a.reply, reply)
		}
	}
	if ourErr == nil && len(got) != 4 {
		t.Fatalf("%d answers and no error", len(got))
	}
	return len(got)
}

// TestGobWireMutations corrupts gob's streams at random: gobDecoder must
// not panic, and what it accepts encoding/gob must read alike.
func TestGobWireMutations(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	seeds := gobSeeds(t)
	decoded := 0
	for range 20000 {
		data := bytes.Clone(seeds[r.IntN(len(seeds))])
		for range 1 + r.IntN(3) {
			switch i := r.IntN(len(data)); r.IntN(4) {
			case 0:
				data[i] = byte(r.Uint32())
			case 1:
				data[i] ^= 1 << r.IntN(8)
			case 2:
				data = append(data[:i], data[i+1:]...)
			case 3:
				data = append(data[:i], append([]byte{byte(r.Uint32())}, data[i:]...)...)
			}
			if len(data) == 0 {
				data = []byte{0}
			}
		}
		decoded += gobAgrees(t, data)
	}
	t.Logf("%d answers decoded from mutated streams", decoded)
}

// gobSeeds are streams from encoding/gob, small enough to fuzz.
func gobSeeds(t testing.TB) [][]byte {
	r := rand.New(rand.NewPCG(7, 8))
	small := func() gobAnswer {
		a := gobAnswer{resp: wireResponse{ServiceMethod: "Jujuc.Main", Seq: uint64(r.IntN(300))}}
		if r.IntN(3) == 0 {
			a.resp.Error = "bad request: wrong context ID"
		} else {
			a.reply = wireExecResponse{Code: r.IntN(3) - 1, Stdout: []byte("out\n")[:r.IntN(5)], Stderr: []byte("ERROR x\n")[:r.IntN(9)]}
		}
		return a
	}
	var seeds [][]byte
	for i := range 8 {
		answers := []gobAnswer{small(), small(), small()}
		switch i % 4 {
		case 0:
			seeds = append(seeds, encodeAnswers(t, answers, func(h wireResponse) any { return h }, func(x wireExecResponse) any { return x }, struct{}{}))
		case 1:
			seeds = append(seeds, encodeAnswers(t, answers, func(h wireResponse) any { return richAnswer(r, h) },
				func(x wireExecResponse) any {
					return richReply{Code: int64(x.Code), Stdout: x.Stdout, Junk: map[[2]int][]bool{{1, 2}: {true}}}
				}, []int{1, 2}))
		case 2:
			answers[0].resp.Error = "x"
			seeds = append(seeds, encodeAnswers(t, answers, func(h wireResponse) any { return h }, func(x wireExecResponse) any { return x }, "s"))
		case 3:
			seeds = append(seeds, encodeAnswers(t, answers, func(h wireResponse) any {
				return struct {
					Error string
					Seq   uint64
					N     *node
				}{h.Error, h.Seq, &node{1, &node{V: 2}}}
			}, func(x wireExecResponse) any {
				return struct {
					Stdout []byte
					Code   int
					M      map[string]inner
				}{x.Stdout, x.Code, map[string]inner{"k": {S: []string{"v"}}}}
			}, map[int]string{1: "a"}))
		}
	}
	return seeds
}

// FuzzGobDecode: gobDecoder never panics nor hangs on any stream, and what
// it decodes encoding/gob decodes alike.
func FuzzGobDecode(f *testing.F) {
	for _, s := range gobSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		gobAgrees(t, data)
	})
}

// TestGobWireDefinitionOrder: types a stream defined for earlier values
// serve later ones, whichever came first.
func TestGobWireDefinitionOrder(t *testing.T) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(enc.Encode([]string{"first"}))
	must(enc.Encode(struct {
		Names []string
		Seq   uint64
	}{[]string{"a"}, 7}))
	must(enc.Encode(wireExecResponse{Code: 2, Stdout: []byte("o")}))
	d := gobDecoder{r: bufio.NewReader(&buf)}
	if err := d.skipValue(); err != nil {
		t.Fatal(err)
	}
	var resp rpcResponse
	var reply jujucResponse
	if err := d.readResponse(&resp); err != nil || resp.Seq != 7 {
		t.Fatalf("%+v %v", resp, err)
	}
	if err := d.readReply(&reply); err != nil || reply.Code != 2 || string(reply.Stdout) != "o" {
		t.Fatalf("%+v %v", reply, err)
	}
}
