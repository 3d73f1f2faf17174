// A ping's meta line and text: side by side on one line when the text is
// short enough, the text under the meta line when it is not.

package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// metaGap is the space between the meta line and a text beside it.
const metaGap = 12

// pingLines lays out [meta, body]. It remembers the width it was last
// given, so that its least height is that of one line when the text fits
// beside the meta line there: short pings take one line each, and the
// window shows half again as many (issue 20, item 1).
type pingLines struct {
	width float32
	body  *widget.RichText
}

// natural is the body's width on one line, or -1 where it cannot be on
// one line (a line break in the text).
func (l *pingLines) natural() float32 {
	var w float32
	size := fynetheme.SizeForWidget(fynetheme.SizeNameText, l.body)
	for _, s := range l.body.Segments {
		var text string
		style := fyne.TextStyle{}
		switch x := s.(type) {
		case *widget.TextSegment:
			text, style = x.Text, x.Style.TextStyle
		case *widget.HyperlinkSegment:
			text = x.Text
		default:
			return -1
		}
		if strings.ContainsRune(text, '\n') {
			return -1
		}
		w += fyne.MeasureText(text, size, style).Width
	}
	return w + 2*fynetheme.SizeForWidget(fynetheme.SizeNameInnerPadding, l.body) + 2
}

// beside says whether the body fits beside meta within width.
func (l *pingLines) beside(meta fyne.CanvasObject, width float32) bool {
	n := l.natural()
	return width > 0 && n >= 0 && meta.MinSize().Width+metaGap+n <= width
}

func (l *pingLines) MinSize(objs []fyne.CanvasObject) fyne.Size {
	meta, body := objs[0].MinSize(), objs[1].MinSize()
	if l.beside(objs[0], l.width) {
		return fyne.NewSize(meta.Width, max(meta.Height, body.Height))
	}
	return fyne.NewSize(max(meta.Width, body.Width), meta.Height+body.Height)
}

func (l *pingLines) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	meta, body := objs[0], objs[1]
	m := meta.MinSize()
	if l.beside(meta, size.Width) {
		bw := size.Width - m.Width - metaGap
		bh := body.MinSize().Height
		h := max(m.Height, bh)
		meta.Move(fyne.NewPos(0, (h-m.Height)/2))
		meta.Resize(fyne.NewSize(m.Width, m.Height))
		body.Move(fyne.NewPos(m.Width+metaGap, (h-bh)/2))
		body.Resize(fyne.NewSize(bw, bh))
		return
	}
	meta.Move(fyne.NewPos(0, 0))
	meta.Resize(fyne.NewSize(size.Width, m.Height))
	body.Move(fyne.NewPos(0, m.Height))
	body.Resize(fyne.NewSize(size.Width, size.Height-m.Height))
}
