package databag

import "testing"

// The syntax of Juju's core/secrets/secret.go ParseURI: scheme secret, an
// optional lower-case UUID host, an id of 20 characters 0-9a-z.
func TestSecretURI(t *testing.T) {
	for s, want := range map[string]bool{
		"secret:cu4jdfnmp25c7g9d0hrg":                                        true,
		"secret:abcdefghijklmnopqrst":                                        true, // ops.testing's ids
		"secret://3f2c4a6e-8a8b-4c4d-9e0f-1a2b3c4d5e6f/cu4jdfnmp25c7g9d0hrg": true,
		"":                                         false,
		"cu4jdfnmp25c7g9d0hrg":                     false, // Juju takes a bare id on the command line, but bags carry the URI
		"secret:":                                  false,
		"secret:cu4jdfnmp25c7g9d0hr":               false,
		"secret:cu4jdfnmp25c7g9d0hrgx":             false,
		"secret:CU4JDFNMP25C7G9D0HRG":              false,
		"secret:cu4jdfnmp25c7g9d0hr-":              false,
		"secrets:cu4jdfnmp25c7g9d0hrg":             false,
		"https://cu4jdfnmp25c7g9d0hrg":             false,
		"secret://not-a-uuid/cu4jdfnmp25c7g9d0hrg": false,
		"secret://3F2C4A6E-8A8B-4C4D-9E0F-1A2B3C4D5E6F/cu4jdfnmp25c7g9d0hrg": false,
		"secret://3f2c4a6e-8a8b-4c4d-9e0f-1a2b3c4d5e6f":                      false,
		"secret:3f2c4a6e-8a8b-4c4d-9e0f-1a2b3c4d5e6f":                        false, // the Harness's uuid4 ids
	} {
		u := SecretURI(s)
		if u.IsValid() != want {
			t.Errorf("%q: IsValid %t, want %t", s, u.IsValid(), want)
		}
		var e Errors
		p := Field("secret-user")
		if CheckFormat(&p, &e, s, "juju-secret-uri") != want {
			t.Errorf("%q: CheckFormat disagrees with IsValid: %v", s, e.Err())
		}
		if id := u.ID(); want && id != "cu4jdfnmp25c7g9d0hrg" && id != "abcdefghijklmnopqrst" || !want && id != "" {
			t.Errorf("%q: ID %q", s, id)
		}
	}
	var e Errors
	p := Field("secret-user")
	CheckFormat(&p, &e, "secret:x", "juju-secret-uri")
	if got := e.Err().Error(); got != `secret-user: "secret:x" is not a valid Juju secret URI (secret:<id> or secret://<model uuid>/<id>, the id 20 characters of 0-9 and a-z)` {
		t.Errorf("message: %s", got)
	}
}
