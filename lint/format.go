package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/charmgen/charmgen/lint/rule"
)

// Formats are the output formats Write knows.
var Formats = []string{"text", "json", "sarif", "github"}

// Write prints findings in a format: "text" (path:line:col: ID message),
// "json", "sarif" (SARIF 2.1.0) or "github" (workflow annotations).
// version is charmgen's version, for SARIF.
func Write(w io.Writer, format string, fs []rule.Finding, version string) error {
	switch format {
	case "text":
		for _, f := range fs {
			if _, err := fmt.Fprintln(w, f); err != nil {
				return err
			}
		}
		return nil
	case "json":
		return writeJSON(w, fs)
	case "sarif":
		return writeSARIF(w, fs, version)
	case "github":
		return writeGitHub(w, fs)
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, fs []rule.Finding) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
	}{Findings: []jsonFinding{}}
	for _, f := range fs {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Name: byID[f.Rule].Name, Severity: f.Severity.String(),
			File: filepath.ToSlash(f.Pos.File), Line: max(f.Pos.Line, 1), Col: max(f.Pos.Col, 1), Message: f.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// GitHub workflow commands: ::error file=F,line=L,col=C,title=T::message.
// Data escapes %, CR and LF; property values also : and ,.
func writeGitHub(w io.Writer, fs []rule.Finding) error {
	data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	for _, f := range fs {
		level := "warning"
		switch f.Severity {
		case rule.Error:
			level = "error"
		case rule.Info:
			level = "notice"
		}
		title := f.Rule
		if r, ok := byID[f.Rule]; ok {
			title += " " + r.Name
		}
		if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			prop.Replace(filepath.ToSlash(f.Pos.File)), max(f.Pos.Line, 1), max(f.Pos.Col, 1), prop.Replace(title), data.Replace(f.Message)); err != nil {
			return err
		}
	}
	return nil
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMessage struct {
	Text     string `json:"text,omitempty"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Help                 sarifMessage  `json:"help"`
	DefaultConfiguration sarifConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProp `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProp struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Info:
		return "note"
	}
	return "warning"
}

// sarifURI makes a file path into a SARIF artifact URI: relative paths stay
// relative (to %SRCROOT%, the directory charmgen ran in), absolute ones
// become file: URIs.
func sarifURI(path string) (uri, base string) {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: p}).String(), ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/"), "%SRCROOT%"
}

func writeSARIF(w io.Writer, fs []rule.Finding, version string) error {
	rules := Rules()
	index := map[string]int{}
	driver := sarifDriver{
		Name:           "charmgen",
		Version:        version,
		InformationURI: "https://charmgen.dev/docs/lint",
	}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			Name:                 r.Name,
			ShortDescription:     sarifText{Text: r.Title},
			FullDescription:      sarifText{Text: oneParagraph(r.Rationale)},
			Help:                 sarifMessage{Text: r.Doc(), Markdown: ruleMarkdown(r, 0)},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties:           sarifRuleProp{Tags: []string{string(r.Kind)}},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, f := range fs {
		uri, base := sarifURI(f.Pos.File)
		run.Results = append(run.Results, sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: base},
				Region:           sarifRegion{StartLine: max(f.Pos.Line, 1), StartColumn: max(f.Pos.Col, 1)},
			}}},
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func oneParagraph(s string) string { return strings.Join(strings.Fields(s), " ") }
