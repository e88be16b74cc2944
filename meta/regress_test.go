package meta

import (
	"strings"
	"testing"
)

// Regression tests for loader bugs found while building meta convert.

func TestMetadataBasesDoNotClashWithCharmcraftBase(t *testing.T) {
	c, err := LoadFiles(map[string][]byte{
		"charmcraft.yaml": []byte("type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n"),
		"metadata.yaml":   []byte("name: lb\nsummary: s\ndescription: d\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n"),
	}, &Options{Juju: 3})
	if err != nil {
		t.Fatalf("charmcraft.yaml base with metadata.yaml bases: %v", err)
	}
	if len(c.Bases) != 0 || len(c.MetadataBases) != 1 {
		t.Errorf("Bases=%d MetadataBases=%d, want 0 and 1", len(c.Bases), len(c.MetadataBases))
	}
}

func TestMetadataBasesCheckedWithoutCharmcraft(t *testing.T) {
	files := map[string][]byte{
		"metadata.yaml": []byte("name: lb\nsummary: s\ndescription: d\nbases:\n  - name: ubuntu\n    channel: focal\n"),
	}
	c, err := LoadFiles(files, nil)
	if err != nil {
		t.Fatalf("metadata.yaml bases are not read by Juju, so they never fail a load: %v", err)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].String(), `metadata.yaml:5:5: warning: base channel "focal" is a series name`) {
		t.Errorf("warnings = %v", c.Warnings)
	}
	// With a build-only charmcraft.yaml beside it the verdict is the same.
	files["charmcraft.yaml"] = []byte("type: charm\nparts:\n  charm:\n    plugin: charm\n")
	c2, err := LoadFiles(files, nil)
	if err != nil {
		t.Fatalf("with charmcraft.yaml: %v", err)
	}
	if len(c2.Warnings) != len(c.Warnings) {
		t.Errorf("warnings differ with a build-only charmcraft.yaml: %v vs %v", c2.Warnings, c.Warnings)
	}
}

func TestCharmcraftBasesSeriesChannelIsAnError(t *testing.T) {
	_, err := LoadFiles(map[string][]byte{
		"charmcraft.yaml": []byte("name: x\ntype: charm\nsummary: s\ndescription: d\nbases:\n  - name: ubuntu\n    channel: focal\nparts:\n  charm:\n    plugin: charm\n"),
	}, nil)
	if err == nil || !strings.Contains(err.Error(), `charmcraft.yaml:6:5: base channel "focal" is a series name`) {
		t.Errorf("err = %v", err)
	}
}

func TestExtensionWarns(t *testing.T) {
	c, err := LoadFiles(map[string][]byte{
		"charmcraft.yaml": []byte("name: app\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions:\n  - flask-framework\n"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].String(), `charmcraft.yaml:9:5: warning: extension "flask-framework" adds containers`) {
		t.Errorf("warnings = %v", c.Warnings)
	}
}

func TestRemovedKeysWordingFollowsTarget(t *testing.T) {
	files := map[string][]byte{"metadata.yaml": []byte("name: x\nsummary: s\ndescription: d\nmin-juju-version: 2.9.0\n")}
	for _, tc := range []struct {
		juju int
		want string
	}{{4, "is not read by Juju 4"}, {3, "is deprecated metadata v1"}} {
		c, err := LoadFiles(files, &Options{Juju: tc.juju})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].Message, tc.want) {
			t.Errorf("juju %d: warnings = %v, want %q", tc.juju, c.Warnings, tc.want)
		}
	}
}

// A centos base is reported once, by its name, on Juju 4; its channel ("7")
// is centos's own and is not checked against Ubuntu's versions. On Juju 3,
// which deployed centos, it is accepted.
func TestNonUbuntuBaseReportedOnceByName(t *testing.T) {
	files := map[string][]byte{
		"charmcraft.yaml": []byte("name: x\ntype: charm\nsummary: s\ndescription: d\nbases:\n  - build-on:\n      - name: centos\n        channel: \"7\"\n    run-on:\n      - name: centos\n        channel: \"7\"\nparts:\n  charm:\n    plugin: charm\n"),
	}
	_, err := LoadFiles(files, &Options{Juju: 4})
	if err == nil {
		t.Fatal("centos base accepted on Juju 4")
	}
	msg := err.Error()
	if !strings.Contains(msg, `base name "centos": Juju 4 only deploys ubuntu`) || strings.Contains(msg, "invalid base channel") {
		t.Errorf("Juju 4: %v", msg)
	}
	if _, err := LoadFiles(files, &Options{Juju: 3}); err != nil {
		t.Errorf("Juju 3: %v", err)
	}
}
