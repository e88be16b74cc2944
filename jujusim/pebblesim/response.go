package pebblesim

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// This file follows canonical/pebble internals/daemon/response.go: the sync,
// async and error envelopes, and the error kinds.

// response is what a handler returns; it knows how to write itself.
type response interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
}

// Pebble's response types.
const (
	typeSync  = "sync"
	typeAsync = "async"
	typeError = "error"
)

// Error kinds Pebble puts in error results.
const (
	kindNoDefaultServices = "no-default-services"
	kindNotFound          = "not-found"
	kindPermissionDenied  = "permission-denied"
	kindGenericFileError  = "generic-file-error"
)

// resp is Pebble's respJSON: the JSON envelope of every API answer.
type resp struct {
	Type       string `json:"type"`
	Status     int    `json:"status-code"`
	StatusText string `json:"status,omitempty"`
	Change     string `json:"change,omitempty"`
	Result     any    `json:"result,omitempty"`
}

// errorResult is the result of an error response. Message has no omitempty,
// as in Pebble.
type errorResult struct {
	Message string `json:"message"`
	Kind    string `json:"kind,omitempty"`
	Value   any    `json:"value,omitempty"`
}

func (r *resp) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r.StatusText = http.StatusText(r.Status)
	status := r.Status
	bs, err := json.Marshal(r)
	if err != nil {
		// Pebble logs and sends an empty 500; say why instead.
		bs = fmt.Appendf(nil, `{"type":"error","status-code":500,"status":"Internal Server Error","result":{"message":%q}}`, "cannot marshal response: "+err.Error())
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bs)
}

// syncResponse is a 200 answer carrying result.
func syncResponse(result any) response {
	return &resp{Type: typeSync, Status: http.StatusOK, Result: result}
}

// asyncResponse is a 202 answer naming the change that does the work.
func asyncResponse(result any, change string) response {
	return &resp{Type: typeAsync, Status: http.StatusAccepted, Result: result, Change: change}
}

// errorResponse is Pebble's ErrorResponse: with no arguments the format is
// used as it is, not interpreted.
func errorResponse(status int, format string, args ...any) response {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &resp{Type: typeError, Status: status, Result: &errorResult{Message: msg}}
}

func badRequest(format string, args ...any) response {
	return errorResponse(http.StatusBadRequest, format, args...)
}

func notFound(format string, args ...any) response {
	return errorResponse(http.StatusNotFound, format, args...)
}

func internalError(format string, args ...any) response {
	return errorResponse(http.StatusInternalServerError, format, args...)
}
