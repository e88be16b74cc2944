// Package jujutest drives the juju CLI for integration tests of charms
// against real Juju 4 (and 3.6) controllers.
//
// Juju 4 removed the AllWatcher that python-libjuju's wait_for_idle was
// built on, and `juju wait-for` and `juju status --watch` with it. Like
// Jubilant, this package shells out to `juju`, parses `--format json`, and
// waits by polling `juju status --format json`: each poll is a stateless
// snapshot, so a controller restart costs one failed poll, not a dead test.
//
// A test:
//
//	func TestDeploy(t *testing.T) {
//		juju := jujutest.TempModel(t) // destroyed at cleanup; dumps logs on failure
//		ctx := t.Context()
//		err := juju.Deploy(ctx, "./my-charm_ubuntu@24.04-amd64.charm", jujutest.DeployOptions{
//			App: "app", Base: jujutest.Ubuntu2404,
//		})
//		if err != nil {
//			t.Fatal(err)
//		}
//		if _, err := juju.WaitIdle(ctx, []string{"app"}, jujutest.Timeout(15*time.Minute)); err != nil {
//			t.Fatal(err)
//		}
//	}
//
// What it adds over Jubilant: every call takes a context and stops when it
// is cancelled; transient CLI failures ("connection is shut down", a
// restarting controller, i/o timeouts) are retried with backoff — reads
// freely, mutations only after checking they did not take effect;
// predicates report which entities are busy, and Wait's timeout error
// lists them; unit-count and idle-period conditions; RevokeSecret; secret
// content only ever in 0600 files, and redacted from logs; structured
// log/slog records for each CLI call and each status change; and Juju 4
// rules in the types: a Base and no series anywhere, --force-base, no
// wait-for.
//
// Environment: JUJUTEST_JUJU (juju binary), JUJUTEST_MODEL (reuse a
// model), JUJUTEST_KEEP_MODELS, JUJUTEST_CONTROLLER, JUJUTEST_CLOUD,
// JUJUTEST_ARTIFACTS (directory for failure dumps).
package jujutest
