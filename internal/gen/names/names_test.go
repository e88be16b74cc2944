package names

import "testing"

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"log-level": "LogLevel", "db": "DB", "api-url": "APIURL", "s3-credentials": "S3Credentials",
		"2fa_enabled": "X2faEnabled", "type": "Type", "Ring of Power": "RingOfPower", "-": "X",
		"ingress-address": "IngressAddress", "uid": "UID", "k8s-api": "K8SAPI", "oci-image": "OCIImage",
		"HTTPPort": "HTTPPort", "my_endpoint_2": "MyEndpoint2",
		// Initialisms as Go spells them, plurals too.
		"db_name": "DBName", "ca_cert": "CACert", "jwt_access_tokens": "JWTAccessTokens",
		"redirect_uris": "RedirectURIs", "create-oauth-client-params": "CreateOAuthClientParams",
		"client_ids": "ClientIDs", "urls": "URLs", "https_port": "HTTPSPort", "ips": "IPs",
		"tls": "TLS", "xss": "XSS", "os": "OS", "Url": "URL", "model_uuid": "ModelUUID",
		// camelCase and PascalCase keys are words too, with their
		// initialisms (issue 13); S3 and digits stay as they are.
		"S3APIVersion": "S3APIVersion", "IdP": "IDP", "_Topology": "Topology",
		"redirectUri": "RedirectURI", "clientId": "ClientID", "jwtAccessTokens": "JWTAccessTokens",
		"httpURL": "HTTPURL", "tlsCa": "TLSCA", "userIDs": "UserIDs", "apiKeyID": "APIKeyID",
		"HTTPServer": "HTTPServer", "mySQLHost": "MySQLHost", "redirectURIsList": "RedirectURIsList",
		"ThisIs": "ThisIs", "k8sApi": "K8SAPI", "HTTPSPort": "HTTPSPort", "dbNAME": "DBNAME",
		// Unicode letters are kept; one with no upper case gets the X.
		"ümlaut": "Ümlaut", "名前": "X名前", "0day": "X0day", "": "X", "for": "For",
	} {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnexported(t *testing.T) {
	for in, want := range map[string]string{
		"log-level": "logLevel", "db-host": "dbHost", "type": "type_", "range": "range_", "len": "len_",
		"2fa": "x2fa", "api": "api", "string": "string_", "package": "package_",
		"oauth_url": "oauthURL", "ids": "ids", "db": "db", "ümlaut": "ümlaut", "名前": "x名前",
		"Url-path": "urlPath", "-": "x", "apiKey": "apiKey", "clientId": "clientID", "IdP": "idP",
	} {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("Reconcile")
	got := []string{s.Take("FooBar"), s.Take("FooBar"), s.Take("Reconcile"), s.Take("FooBar")}
	want := []string{"FooBar", "FooBar2", "Reconcile2", "FooBar3"}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("take %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{
		"query-frontend": "QueryFrontend", "2": "2", "xml": "XML", "x-ray": "XRay", "": "", "名前": "名前",
	} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPackage(t *testing.T) {
	for in, want := range map[string]string{
		"tls_certificates": "tlscertificates", "k8s-service": "k8sservice", "9lives": "x9lives",
		"Go": "xgo", "ingress": "ingress", "": "x", "ümlaut": "mlaut",
	} {
		if got := Package(in); got != want {
			t.Errorf("Package(%q) = %q, want %q", in, got, want)
		}
	}
}
