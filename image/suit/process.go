// This file is the manifest processor: a small interpreter for the command
// sequences of an authenticated manifest (draft-ietf-suit-manifest-33 §6).

package suit

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
)

// maxSteps bounds the commands one Process call executes. Sequences have no
// backward branches, but try-each and run-sequence repeat their sequences
// once per component, so a bound keeps the work linear in what was signed.
const maxSteps = 4096

// Process runs the Update Procedure and then the Invocation Procedure of an
// authenticated manifest on env (§4.2): payload-fetch, install, validate,
// load and invoke, each preceded by the shared sequence, skipping those the
// manifest lacks. The shared sequence must contain condition-vendor-identifier
// and condition-class-identifier. vendorID and classID are the device's identity, which the
// identifier conditions compare with the manifest's. It returns the record
// of every command run, also when it fails.
//
// A manifest whose payload-fetch or install was severed and not supplied
// cannot be installed: Process fails with ErrSevered before running
// anything. Use Boot to validate and invoke an installed image.
func Process(m *Manifest, env Env, vendorID, classID []byte) (Report, error) {
	for _, label := range []int64{MemberFetch, MemberInstall} {
		if _, severed := m.Severed[label]; severed && *m.sequence(label) == nil {
			return Report{}, fail(ErrSevered, MemberName(label), "the manifest holds only its digest")
		}
	}
	return run(m, env, vendorID, classID, MemberFetch, MemberInstall, ManifestValidate, ManifestLoad, ManifestInvoke)
}

// Boot runs only the Invocation Procedure: validate, load and invoke, each
// preceded by the shared sequence. It is what a bootloader runs on a
// manifest whose image is already installed.
func Boot(m *Manifest, env Env, vendorID, classID []byte) (Report, error) {
	return run(m, env, vendorID, classID, ManifestValidate, ManifestLoad, ManifestInvoke)
}

func run(m *Manifest, env Env, vendorID, classID []byte, labels ...int64) (Report, error) {
	x := &machine{m: m, env: env, vendorID: vendorID, classID: classID}
	// §6.2 recommends, and Drey requires, that the shared sequence check the
	// vendor and class: without them a manifest applies to any device.
	for _, code := range []int64{CondVendorID, CondClassID} {
		if !slices.ContainsFunc(m.Common.Shared, func(c Command) bool { return c.Code == code }) {
			return x.report, fail(ErrProcessing, "shared-sequence", "no %s", CommandName(code))
		}
	}
	if err := env.Components(m.Common.Components); err != nil {
		return x.report, fail(ErrProcessing, "components", "%v", err)
	}
	// §6.1: parameter storage starts empty.
	x.params = make([]Parameters, len(m.Common.Components))
	for _, label := range labels {
		seq := *m.sequence(label)
		if seq == nil {
			continue
		}
		for _, step := range []struct {
			name string
			seq  Sequence
		}{{"shared", m.Common.Shared}, {MemberName(label), seq}} {
			x.seqName = step.name
			if err := x.exec(step.seq, &scope{index: []int{0}}, 0); err != nil {
				return x.report, fmt.Errorf("%s: %w", step.name, err)
			}
		}
	}
	return x.report, nil
}

// machine is the state of the abstract machine of §6.4.
type machine struct {
	m                 *Manifest
	env               Env
	vendorID, classID []byte
	params            []Parameters // per component
	report            Report
	seqName           string
	steps             int
}

// scope is the state local to one running sequence: the components the
// next command applies to and the soft-failure flag, which the draft scopes
// to the enclosing sequence.
type scope struct {
	index []int
	soft  bool
}

// conditionError is a condition that did not hold. It is the only failure
// try-each and run-sequence may pass over; directive failures always abort.
type conditionError struct{ msg string }

func (e *conditionError) Error() string { return ErrConditionFailed.Error() + ": " + e.msg }
func (e *conditionError) Unwrap() error { return ErrConditionFailed }

func condFail(format string, args ...any) error {
	return &conditionError{msg: fmt.Sprintf(format, args...)}
}

func isCondition(err error) bool {
	var c *conditionError
	return errors.As(err, &c)
}

func (x *machine) record(c Command, comp int, detail string, err error) {
	x.report.Records = append(x.report.Records, Record{
		Sequence: x.seqName, Command: CommandName(c.Code), Component: comp,
		Detail: detail, Policy: c.Policy, Err: err,
	})
}

// exec runs seq. A failing condition ends it; the caller decides whether
// that is soft.
func (x *machine) exec(seq Sequence, sc *scope, depth int) error {
	for _, c := range seq {
		if x.steps++; x.steps > maxSteps {
			return fail(ErrProcessing, CommandName(c.Code), "more than %d commands", maxSteps)
		}
		switch c.Code {
		case DirSetIndex:
			sc.index = x.resolve(c.Index)
			x.record(c, -1, fmt.Sprint(sc.index), nil)
		case DirOverride:
			if err := x.override(c, sc, depth); err != nil {
				return err
			}
		case DirTryEach, DirRunSequence:
			for _, comp := range sc.index {
				if err := x.nested(c, comp, depth); err != nil {
					return err
				}
			}
		default:
			for _, comp := range sc.index {
				detail, err := x.apply(c, comp)
				x.record(c, comp, detail, err)
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (x *machine) resolve(ix *ComponentIndex) []int {
	if ix.All {
		all := make([]int, len(x.params))
		for i := range all {
			all[i] = i
		}
		return all
	}
	out := make([]int, len(ix.Indices))
	for i, v := range ix.Indices {
		out[i] = int(v) // bounded by the decoder
	}
	return out
}

func (x *machine) override(c Command, sc *scope, depth int) error {
	p := *c.Params
	if p.SoftFailure != nil {
		// §8.4.8.15: soft-failure may only be set inside try-each or
		// run-sequence, and applies to the enclosing sequence.
		if depth == 0 {
			err := fail(ErrProcessing, "soft-failure", "set outside try-each and run-sequence")
			x.record(c, -1, "", err)
			return err
		}
		sc.soft = *p.SoftFailure
		p.SoftFailure = nil
	}
	p.StrictOrder = nil // commands always run in order, which strict order permits
	for _, comp := range sc.index {
		x.params[comp].Merge(&p)
		x.record(c, comp, labelNames(c.Params.Labels()), nil)
	}
	return nil
}

func labelNames(labels []int64) string {
	var b bytes.Buffer
	for i, l := range labels {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ParameterName(l))
	}
	return b.String()
}

// nested runs try-each or run-sequence for one component (§6.5: their
// sequences always run with an integer index).
func (x *machine) nested(c Command, comp, depth int) error {
	if c.Code == DirRunSequence {
		sc := &scope{index: []int{comp}}
		err := x.exec(c.Sequences[0], sc, depth+1)
		if err != nil && isCondition(err) && sc.soft {
			x.record(c, comp, "halted", nil)
			return nil
		}
		x.record(c, comp, "", err)
		return err
	}
	for i, alt := range c.Sequences {
		if alt == nil {
			x.record(c, comp, "nil alternative", nil)
			return nil
		}
		sc := &scope{index: []int{comp}, soft: true}
		err := x.exec(alt, sc, depth+1)
		if err == nil {
			x.record(c, comp, fmt.Sprintf("alternative %d", i), nil)
			return nil
		}
		if !isCondition(err) || !sc.soft {
			x.record(c, comp, fmt.Sprintf("alternative %d", i), err)
			return err
		}
	}
	err := condFail("try-each: no alternative succeeded")
	x.record(c, comp, "", err)
	return err
}
