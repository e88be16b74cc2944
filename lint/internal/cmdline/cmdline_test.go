package cmdline

import (
	"fmt"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		words []string
		shell bool
		want  string
	}{
		{[]string{"/usr/bin/sudo", "/usr/sbin/useradd", "app"}, false, "[[useradd app]]"},
		{[]string{"sh", "-c", "mkdir -p /x && ln -s /a /b | tee -a log; echo ok"}, false, "[[mkdir -p /x] [ln -s /a /b] [tee -a log] [echo ok]]"},
		{[]string{"systemctl restart app\nsnap restart x"}, true, "[[systemctl restart app] [snap restart x]]"},
		{nil, true, "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(Split(c.words, c.shell)); got != c.want {
			t.Errorf("Split(%q, %v) = %s, want %s", c.words, c.shell, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	split := func(s string) [][]string { return Split([]string{s}, true) }
	for _, c := range []struct {
		cmd                    string
		readOnly               bool
		restart, nonIdempotent string
	}{
		{"systemctl is-active app", true, "", ""},
		{"systemctl restart app", false, "systemctl restart app", ""},
		{"systemctl --no-block reload-or-restart nginx", false, "systemctl --no-block reload-or-restart nginx", ""},
		{"service nginx restart", false, "service nginx restart", ""},
		{"service nginx status", true, "", ""},
		{"service --status-all", true, "", ""},
		{"service nginx start", false, "", ""},
		{"systemctl start app", false, "", ""},
		{"useradd app", false, "", "useradd fails when the user or group exists"},
		{"mkdir /srv", false, "", "mkdir without -p fails when the directory exists"},
		{"mkdir -vp /srv", false, "", ""},
		{"ln -s a b", false, "", "ln without -f fails when the link exists"},
		{"ln -sfn a b", false, "", ""},
		{"relation-get - app/0", true, "", ""},
		{"cat /etc/hosts | grep db", false, "", ""},
		{"/usr/bin/app --version", true, "", ""},
		{"app --version --config /etc/app.conf", false, "", ""},
		{"hostname", true, "", ""},
		{"hostname -f", true, "", ""},
		{"hostname db-1", false, "", ""},
		{"hostname -F /etc/hostname", false, "", ""},
		{"lxc cluster list", true, "", ""},
		{"lxc --project default cluster list", true, "", ""},
		{"microk8s status --wait-ready", true, "", ""},
		{"kubectl get pods -n kube-system", true, "", ""},
		{"lxc cluster add node-2", false, "", ""},
		{"apt-get install -y status-tool", false, "", ""},
		{"lxc config set core.https_address :8443", false, "", ""},
	} {
		cmds := split(c.cmd)
		if ReadOnly(cmds) != c.readOnly || Restart(cmds) != c.restart || NonIdempotent(cmds) != c.nonIdempotent {
			t.Errorf("%q: read-only %v, restart %q, non-idempotent %q", c.cmd, ReadOnly(cmds), Restart(cmds), NonIdempotent(cmds))
		}
	}
}

func TestAppend(t *testing.T) {
	for _, c := range []struct {
		words []string
		shell bool
		want  string
	}{
		{[]string{"bash", "-c", "echo x >> /etc/hosts"}, false, ">>"},
		{[]string{"tee", "--append", "/etc/hosts"}, false, "tee -a"},
		{[]string{"echo x > /etc/hosts"}, true, ""},
		{[]string{"tee", "/etc/hosts"}, false, ""},
	} {
		if got := Append(c.words, c.shell); got != c.want {
			t.Errorf("Append(%q) = %q, want %q", c.words, got, c.want)
		}
	}
}
