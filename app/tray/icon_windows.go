//go:build windows

package tray

import (
	"bytes"
	"encoding/binary"
)

// platformIcon wraps the PNG in an ICO container (Vista and later accept
// PNG-compressed ICO entries), which is what the Windows tray loads.
func platformIcon(png []byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&b, le, [3]uint16{0, 1, 1})                  // reserved, type icon, one image
	b.Write([]byte{IconSize, IconSize, 0, 0})                 // width, height, palette, reserved
	binary.Write(&b, le, [2]uint16{1, 32})                    // planes, bits per pixel
	binary.Write(&b, le, [2]uint32{uint32(len(png)), 6 + 16}) // size, offset
	b.Write(png)
	return b.Bytes()
}
