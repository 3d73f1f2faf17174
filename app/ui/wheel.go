// A scroll that the mouse wheel moves wherever the pointer is.

package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wheelGlass lies over a scroll's content and hands every wheel event to
// that scroll. Fyne gives a wheel event to the deepest scrollable under
// the pointer, and each single-line Entry holds a (sideways-only) scroller
// of its own, so without the glass the wheel is dead over every field of a
// long form. The glass is neither tappable nor hoverable: clicks, typing
// and the pointer's cursor still reach the fields underneath.
type wheelGlass struct {
	widget.BaseWidget
	to *container.Scroll
}

func (g *wheelGlass) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MinSize is none: the glass takes the size of what it covers.
func (g *wheelGlass) MinSize() fyne.Size { return fyne.Size{} }

// Scrolled moves the scroll the glass covers.
func (g *wheelGlass) Scrolled(ev *fyne.ScrollEvent) { g.to.Scrolled(ev) }

// newWheelScroll is a vertical scroll of content that the wheel moves
// from anywhere over it, fields included.
func newWheelScroll(content fyne.CanvasObject) *container.Scroll {
	g := &wheelGlass{}
	g.ExtendBaseWidget(g)
	s := container.NewVScroll(container.NewStack(content, g))
	g.to = s
	return s
}

// unwrapWheelScroll is what newWheelScroll (or a plain scroll) shows,
// without the scroll and its glass, for a view that puts it in a scroll
// of its own.
func unwrapWheelScroll(o fyne.CanvasObject) fyne.CanvasObject {
	s, ok := o.(*container.Scroll)
	if !ok {
		return o
	}
	if c, ok := s.Content.(*fyne.Container); ok && len(c.Objects) == 2 {
		if _, glass := c.Objects[1].(*wheelGlass); glass {
			return c.Objects[0]
		}
	}
	return s.Content
}
