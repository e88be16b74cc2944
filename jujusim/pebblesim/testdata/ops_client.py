"""Drive pebblesim with ops' own Pebble client (ops.pebble.Client).

Usage: python3 ops_client.py SOCKET_PATH [--exec]

Every step checks what the client got back; the script prints each failed
check and exits 1 if there was any, 0 otherwise. Exec needs the real
websocket-client package, which the corpus stubs out: it is exercised only
with --exec, which the Go test passes when it finds websocket-client (the
Go tests cover exec either way). With --exec the container must have the
exec rules the Go test sets up.
"""

import datetime
import io
import sys
import traceback

import ops.pebble as pebble

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what)


def expect_api_error(fn, code, message):
    try:
        fn()
    except pebble.APIError as e:
        check(e.code == code, f'{message!r}: code {e.code}, want {code}')
        check(e.message == message, f'API error message {e.message!r}, want {message!r}')
        return e
    except Exception as e:  # noqa: BLE001
        check(False, f'{message!r}: raised {type(e).__name__}: {e}, want APIError')
        return None
    check(False, f'{message!r}: no error raised')
    return None


def expect_path_error(fn, kind, message_part):
    try:
        fn()
    except pebble.PathError as e:
        check(e.kind == kind, f'PathError kind {e.kind!r}, want {kind!r} ({e.message})')
        check(message_part in e.message, f'PathError message {e.message!r} lacks {message_part!r}')
        return
    except Exception as e:  # noqa: BLE001
        check(False, f'raised {type(e).__name__}: {e}, want PathError {kind}')
        return
    check(False, f'no PathError {kind} raised')


def check_exec(client):
    """Exec through ops' client: websockets, stdin, split and combined stderr."""
    import websocket

    check(hasattr(websocket, 'create_connection'), 'the websocket stub is in use')
    # Standard input read to the end, stdout and stderr apart, exit code 0.
    process = client.exec(['cat'], stdin='hello world', environment={'K': 'v'}, working_dir='/')
    out, err = process.wait_output()
    check((out, err) == ('OUT', 'ERR'), f'cat output {(out, err)!r}')
    # No standard input and never ended: the command answers anyway.
    out, err = client.exec(['echo', 'hi']).wait_output()
    check((out, err) == ('hi\n', 'warn\n'), f'echo output {(out, err)!r}')
    out, err = client.exec(['echo', 'hi'], combine_stderr=True).wait_output()
    check((out, err) == ('hi\nwarn\n', None), f'combined output {(out, err)!r}')
    # Output to writers, binary mode.
    buf_out, buf_err = io.BytesIO(), io.BytesIO()
    client.exec(['echo', 'x'], stdout=buf_out, stderr=buf_err, encoding=None).wait()
    check((buf_out.getvalue(), buf_err.getvalue()) == (b'hi\n', b'warn\n'), 'output to writers')
    # A non-zero exit code is an ExecError carrying the output.
    try:
        client.exec(['false']).wait_output()
        check(False, 'false did not fail')
    except pebble.ExecError as e:
        check((e.exit_code, e.stdout, e.stderr) == (2, 'bad\n', ''), f'ExecError {e!r}')
    # A timeout is the change's error.
    try:
        client.exec(['cat'], timeout=0.2).wait_output()
        check(False, 'the timed-out command did not fail')
    except pebble.ChangeError as e:
        check('timed out after 200ms' in e.err, f'timeout error {e.err!r}')
    expect_api_error(lambda: client.exec(['nope']), 400, 'cannot find executable "nope"')


def main(socket_path, with_exec):
    client = pebble.Client(socket_path=socket_path)

    # --- system info
    info = client.get_system_info()
    check(info.version == 'v1.18.0', f'version {info.version!r}')

    # --- layers and plan
    base = {
        'summary': 'base layer',
        'services': {
            'web': {
                'override': 'replace',
                'summary': 'the web server',
                'command': '/bin/web --port 80',
                'startup': 'enabled',
                'environment': {'A': '1'},
            },
            'worker': {
                'override': 'replace',
                'command': '/bin/worker',
                'startup': 'disabled',
                'requires': ['web'],
                'after': ['web'],
            },
        },
        'checks': {
            'alive': {
                'override': 'replace',
                'level': 'alive',
                'period': '30s',
                'http': {'url': 'http://localhost:80/health'},
            },
        },
    }
    client.add_layer('base', base)
    expect_api_error(
        lambda: client.add_layer('base', base), 400, 'layer "base" already exists'
    )
    # combine=True merges into the layer with the same label.
    client.add_layer(
        'base',
        pebble.Layer({'services': {'web': {'override': 'merge', 'environment': {'B': '2'}}}}),
        combine=True,
    )
    # A second layer on top.
    client.add_layer(
        'overlay',
        'services:\n  worker:\n    override: merge\n    startup: enabled\n    environment:\n      W: "yes"\n',
    )
    plan = client.get_plan()
    web = plan.services['web']
    check(web.command == '/bin/web --port 80', f'web command {web.command!r}')
    check(web.environment == {'A': '1', 'B': '2'}, f'web environment {web.environment!r}')
    check(web.startup == 'enabled', f'web startup {web.startup!r}')
    check(web.override == 'replace', f'web override {web.override!r}')
    worker = plan.services['worker']
    check(worker.startup == 'enabled', f'worker startup {worker.startup!r}')
    check(worker.requires == ['web'], f'worker requires {worker.requires!r}')
    check(worker.environment == {'W': 'yes'}, f'worker environment {worker.environment!r}')
    alive = plan.checks['alive']
    check(alive.threshold == 3, f'alive threshold {alive.threshold!r}')
    check(alive.period == '30s', f'alive period {alive.period!r}')
    check(alive.http == {'url': 'http://localhost:80/health'}, f'alive http {alive.http!r}')
    check(
        plan.to_dict()
        == {
            'services': {
                'web': {
                    'summary': 'the web server',
                    'startup': 'enabled',
                    'override': 'replace',
                    'command': '/bin/web --port 80',
                    'environment': {'A': '1', 'B': '2'},
                },
                'worker': {
                    'startup': 'enabled',
                    'override': 'replace',
                    'command': '/bin/worker',
                    'after': ['web'],
                    'requires': ['web'],
                    'environment': {'W': 'yes'},
                },
            },
            'checks': {
                'alive': {
                    'override': 'replace',
                    'level': 'alive',
                    'period': '30s',
                    'threshold': 3,
                    'http': {'url': 'http://localhost:80/health'},
                },
            },
        },
        f'plan {plan.to_dict()!r}',
    )
    # Layers Pebble refuses.
    expect_api_error(
        lambda: client.add_layer('bad', 'services:\n  x:\n    override: replace\n    command: x\n    bogus: 1\n'),
        400,
        'cannot parse layer YAML: cannot parse layer "bad" section "services": '
        'yaml: unmarshal errors:\n  line 4: field bogus not found in type plan.Service',
    )
    expect_api_error(
        lambda: client.add_layer('bad', {'services': {'x': {'command': 'x'}}}),
        400,
        'layer "bad" must define "override" for service "x"',
    )
    expect_api_error(
        lambda: client.add_layer('bad', 'nonsense: 1\n'),
        400,
        'cannot parse layer YAML: cannot parse layer "bad": unknown section "nonsense"',
    )

    # --- services
    services = {s.name: s for s in client.get_services()}
    check(set(services) == {'web', 'worker'}, f'services {sorted(services)}')
    check(
        all(s.current == pebble.ServiceStatus.INACTIVE for s in services.values()),
        'services inactive before replan',
    )
    change_id = client.replan_services()
    change = client.get_change(change_id)
    check(change.kind == 'replan', f'replan kind {change.kind!r}')
    check(change.status == 'Done' and change.ready, f'replan status {change.status!r}')
    check(change.err is None, f'replan err {change.err!r}')
    check(
        change.summary == 'Replan service "web" and 1 more', f'replan summary {change.summary!r}'
    )
    check(
        [(t.kind, t.summary) for t in change.tasks]
        == [('start', 'Start service "web"'), ('start', 'Start service "worker"')],
        f'replan tasks {[(t.kind, t.summary) for t in change.tasks]!r}',
    )
    for svc in client.get_services():
        check(svc.current == pebble.ServiceStatus.ACTIVE, f'{svc.name} current {svc.current}')
        check(svc.is_running(), f'{svc.name} not running')
    check(client.get_services(['web'])[0].startup == pebble.ServiceStartup.ENABLED, 'web startup')

    client.stop_services(['worker'])
    check(
        client.get_services(['worker'])[0].current == pebble.ServiceStatus.INACTIVE,
        'worker inactive after stop',
    )
    client.start_services(['worker'])
    check(
        client.get_services(['worker'])[0].current == pebble.ServiceStatus.ACTIVE,
        'worker active after start',
    )
    restart_id = client.restart_services(['web'])
    restart = client.get_change(restart_id)
    check(
        [t.summary for t in restart.tasks]
        == ['Stop service "web"', 'Start service "web"'],
        f'restart tasks {[t.summary for t in restart.tasks]!r}',
    )
    check(restart.summary == 'Restart service "web"', f'restart summary {restart.summary!r}')
    expect_api_error(
        lambda: client.start_services(['nope']),
        400,
        'cannot start services: service "nope" does not exist',
    )
    # Changing a service's configuration and replanning restarts only it.
    client.add_layer(
        'config', {'services': {'worker': {'override': 'merge', 'environment': {'W': 'no'}}}}
    )
    replan = client.get_change(client.replan_services())
    check(
        [t.summary for t in replan.tasks]
        == ['Stop service "worker"', 'Start service "web"', 'Start service "worker"'],
        f'second replan tasks {[t.summary for t in replan.tasks]!r}',
    )
    client.send_signal('SIGHUP', ['web'])
    expect_api_error(
        lambda: client.send_signal('SIGHUP', ['nope']),
        500,
        'cannot send signal to "nope": service is not running',
    )
    all_changes = client.get_changes(select=pebble.ChangeState.ALL)
    check(len(all_changes) >= 5, f'{len(all_changes)} changes')
    for_web = client.get_changes(select=pebble.ChangeState.ALL, service='web')
    check(
        all('web' in c.summary or c.kind == 'replan' for c in for_web),
        f'changes for web {[c.summary for c in for_web]!r}',
    )

    # --- checks
    checks = client.get_checks()
    check([c.name for c in checks] == ['alive'], f'checks {[c.name for c in checks]!r}')
    c = checks[0]
    check(c.status == pebble.CheckStatus.UP, f'alive status {c.status}')
    check(c.level == pebble.CheckLevel.ALIVE, f'alive level {c.level}')
    check(c.startup == pebble.CheckStartup.ENABLED, f'alive startup {c.startup}')
    check(c.threshold == 3 and c.failures == 0, f'alive threshold/failures {c.threshold}/{c.failures}')
    check(c.successes == 1 and c.has_run, f'alive successes {c.successes}')
    check(c.change_id is not None, 'alive has no change id')
    perform = client.get_change(c.change_id)
    check(perform.kind == 'perform-check', f'check change kind {perform.kind!r}')
    check(perform.summary == 'Perform HTTP check "alive"', f'check change summary {perform.summary!r}')
    check(not perform.ready, 'perform-check change ready')
    check(client.get_checks(level=pebble.CheckLevel.READY) == [], 'ready-level checks')
    check(len(client.get_checks(names=['alive'])) == 1, 'checks by name')
    check(client.stop_checks(['alive']) == ['alive'], 'stop_checks')
    check(client.get_checks()[0].status == pebble.CheckStatus.INACTIVE, 'alive inactive after stop')
    check(client.stop_checks(['alive']) == [], 'stop_checks again')
    check(client.start_checks(['alive']) == ['alive'], 'start_checks')
    check(client.get_checks()[0].status == pebble.CheckStatus.UP, 'alive up after start')
    expect_api_error(
        lambda: client.start_checks(['nope']),
        400,
        'cannot start checks: cannot find checks in plan: nope',
    )

    # --- files
    client.push(
        '/etc/app/config.yaml',
        'key: value\n',
        make_dirs=True,
        permissions=0o600,
        user_id=1000,
        user='app',
        group_id=1000,
        group='app',
    )
    with client.pull('/etc/app/config.yaml') as f:
        check(f.read() == 'key: value\n', 'pulled text differs')
    blob = bytes(range(256)) * 100
    client.push('/etc/app/blob.bin', blob)
    with client.pull('/etc/app/blob.bin', encoding=None) as f:
        check(f.read() == blob, 'pulled bytes differ')
    files = {f.name: f for f in client.list_files('/etc/app')}
    check(sorted(files) == ['blob.bin', 'config.yaml'], f'listed {sorted(files)}')
    cfg = files['config.yaml']
    check(cfg.path == '/etc/app/config.yaml', f'path {cfg.path!r}')
    check(cfg.type == pebble.FileType.FILE, f'type {cfg.type}')
    check(cfg.size == len('key: value\n'), f'size {cfg.size}')
    check(cfg.permissions == 0o600, f'permissions {cfg.permissions:o}')
    check((cfg.user_id, cfg.user, cfg.group_id, cfg.group) == (1000, 'app', 1000, 'app'), 'owner')
    check(isinstance(cfg.last_modified, datetime.datetime), 'last_modified')
    blob_info = files['blob.bin']
    check((blob_info.user, blob_info.permissions) == ('root', 0o644), 'default owner and mode')
    (itself,) = client.list_files('/etc/app', itself=True)
    check(itself.type == pebble.FileType.DIRECTORY and itself.name == 'app', f'itself {itself!r}')
    check(itself.permissions == 0o755, f'made dir mode {itself.permissions:o}')
    check(
        [f.name for f in client.list_files('/etc/app', pattern='*.yaml')] == ['config.yaml'],
        'pattern',
    )
    client.make_dir('/var/lib/app/data', make_parents=True, permissions=0o700, user='app', group='app')
    (data,) = client.list_files('/var/lib/app/data', itself=True)
    check(data.permissions == 0o700 and data.user == 'app', f'make_dir {data!r}')
    expect_path_error(lambda: client.make_dir('/var/lib/app/data'), 'generic-file-error', 'file exists')
    expect_path_error(lambda: client.make_dir('/no/parent'), 'not-found', 'no such file or directory')
    expect_path_error(lambda: client.pull('/no/such/file'), 'not-found', '/no/such/file')
    expect_path_error(lambda: client.pull('/etc/app'), 'generic-file-error', 'can only read a regular file')
    expect_path_error(lambda: client.push('/no/dir/file', 'x'), 'not-found', 'no such file or directory')
    expect_path_error(
        lambda: client.push('/etc/app/x', 'x', group='app'), 'generic-file-error', 'must specify user, not just group'
    )
    try:
        client.list_files('/no/such/dir')
        check(False, 'list_files of a missing directory did not fail')
    except pebble.APIError as e:
        check(e.code == 404, f'list missing code {e.code}')
    client.remove_path('/var/lib/app', recursive=True)
    check([f.name for f in client.list_files('/var/lib')] == [], 'remove recursive')
    expect_path_error(lambda: client.remove_path('/var/lib/app'), 'not-found', 'no such file or directory')
    client.remove_path('/var/lib/app', recursive=True)  # nothing to remove is fine

    # --- notices
    nid = client.notify(pebble.NoticeType.CUSTOM, 'example.com/thing', data={'a': 'b'})
    notices = client.get_notices(types=[pebble.NoticeType.CUSTOM])
    check([n.id for n in notices] == [nid], f'custom notices {notices!r}')
    n = notices[0]
    check(n.type == pebble.NoticeType.CUSTOM and n.key == 'example.com/thing', f'notice {n!r}')
    check(n.user_id == 0, f'notice user {n.user_id!r}')
    check(n.last_data == {'a': 'b'} and n.occurrences == 1, f'notice data {n!r}')
    check(n.expire_after == datetime.timedelta(days=7), f'notice expiry {n.expire_after!r}')
    again = client.notify(
        pebble.NoticeType.CUSTOM, 'example.com/thing', repeat_after=datetime.timedelta(hours=1)
    )
    check(again == nid, 'repeated notice has a new id')
    n = client.get_notice(nid)
    check(n.occurrences == 2 and n.last_data == {}, f'repeated notice {n!r}')
    check(n.repeat_after == datetime.timedelta(hours=1), f'repeat_after {n.repeat_after!r}')
    check(client.get_notices(keys=['example.com/other']) == [], 'keys filter')
    updates = client.get_notices(users=pebble.NoticesUsers.ALL, types=[pebble.NoticeType.CHANGE_UPDATE])
    check(len(updates) > 0, 'no change-update notices')
    check(all(u.user_id is None for u in updates), 'change-update notices not public')
    check(
        any(u.key == change_id and u.last_data.get('kind') == 'replan' for u in updates),
        'no change-update notice for the replan',
    )
    expect_api_error(lambda: client.get_notice('999'), 404, 'cannot find notice with ID "999"')
    expect_api_error(
        lambda: client.notify(pebble.NoticeType.CUSTOM, 'no-domain'),
        400,
        'invalid key "no-domain" (must be in "domain.com/key" format)',
    )

    # --- changes and waits
    waited = client.wait_change(change_id, timeout=5)
    check(waited.id == change_id and waited.ready, 'wait_change')
    expect_api_error(lambda: client.get_change('999'), 404, 'cannot find change with id "999"')

    if with_exec:
        check_exec(client)
        print('exec checked')


if __name__ == '__main__':
    try:
        main(sys.argv[1], '--exec' in sys.argv[2:])
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        failures.append('exception')
    if failures:
        print(f'{len(failures)} check(s) failed')
        sys.exit(1)
    print('ok')
