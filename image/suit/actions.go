// This file carries out the conditions and the directives with effects on
// a component; process.go holds the control flow around them.

package suit

import (
	"bytes"
	"crypto/subtle"
	"fmt"
)

// apply runs a condition or a directive with a side effect on one
// component and returns a description of what it used.
func (x *machine) apply(c Command, comp int) (string, error) {
	p := &x.params[comp]
	switch c.Code {
	case CondVendorID:
		return "", matchID("vendor-id", p.VendorID, x.vendorID)
	case CondClassID:
		return "", matchID("class-id", p.ClassID, x.classID)
	case CondImageMatch:
		return x.imageMatch(p, comp)
	case CondComponentSlot:
		if p.ComponentSlot == nil {
			return "", condFail("component-slot not set")
		}
		slot, err := x.env.Slot(comp)
		if err != nil {
			return "", condFail("slot: %v", err)
		}
		detail := fmt.Sprintf("slot %d", *p.ComponentSlot)
		if slot != *p.ComponentSlot {
			return detail, condFail("component is in slot %d, not %d", slot, *p.ComponentSlot)
		}
		return detail, nil
	case CondAbort:
		return "", condFail("abort")
	case DirFetch:
		if p.URI == nil {
			return "", fail(ErrProcessing, "fetch", "uri not set")
		}
		limit := uint64(MaxFetchSize)
		if p.ImageSize != nil {
			limit = *p.ImageSize
		}
		n, err := x.env.Fetch(comp, *p.URI, limit)
		if err == nil && n > limit {
			err = fmt.Errorf("stored %d bytes, more than the limit of %d", n, limit)
		}
		if err != nil {
			return *p.URI, fail(ErrProcessing, "fetch "+*p.URI, "%v", err)
		}
		return *p.URI, nil
	case DirCopy:
		if p.SourceComponent == nil {
			return "", fail(ErrProcessing, "copy", "source-component not set")
		}
		src := int(*p.SourceComponent) // bounded by the decoder
		detail := fmt.Sprintf("from %d", src)
		if src == comp {
			return detail, fail(ErrProcessing, "copy", "component %d onto itself", comp)
		}
		if err := x.env.Copy(comp, src); err != nil {
			return detail, fail(ErrProcessing, "copy", "%v", err)
		}
		return detail, nil
	case DirInvoke:
		if err := x.env.Invoke(comp); err != nil {
			return "", fail(ErrProcessing, "invoke", "%v", err)
		}
		return "", nil
	}
	return "", fail(ErrUnsupportedElement, "command", "%d", c.Code)
}

func matchID(name string, want, have []byte) error {
	if want == nil {
		return condFail("%s not set", name)
	}
	if !bytes.Equal(want, have) {
		return condFail("%s %x is not this device's %x", name, want, have)
	}
	return nil
}

func (x *machine) imageMatch(p *Parameters, comp int) (string, error) {
	if p.ImageDigest == nil {
		return "", condFail("image-digest not set")
	}
	sum, size, err := x.env.ImageDigest(comp)
	if err != nil {
		return "", condFail("image: %v", err)
	}
	detail := fmt.Sprintf("sha256 %x…", p.ImageDigest.Bytes[:4])
	if subtle.ConstantTimeCompare(sum, p.ImageDigest.Bytes) != 1 {
		return detail, condFail("image SHA-256 is %x, the manifest says %x", sum, p.ImageDigest.Bytes)
	}
	if p.ImageSize != nil && size != *p.ImageSize {
		return detail, condFail("image is %d bytes, the manifest says %d", size, *p.ImageSize)
	}
	return detail, nil
}
