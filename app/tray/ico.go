package tray

import (
	"bytes"
	"encoding/binary"
)

// icoFile packs PNG images (sizes[i] px square) into an ICO container:
// Vista and later read PNG-compressed entries, and Windows loads the
// entry nearest the icon size it needs instead of scaling one.
func icoFile(sizes []int, pngs [][]byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&b, le, [3]uint16{0, 1, uint16(len(pngs))}) // reserved, type icon, count
	offset := 6 + 16*len(pngs)
	for i, p := range pngs {
		edge := byte(sizes[i])                                          // 0 means 256
		b.Write([]byte{edge, edge, 0, 0})                               // width, height, palette, reserved
		binary.Write(&b, le, [2]uint16{1, 32})                          // planes, bits per pixel
		binary.Write(&b, le, [2]uint32{uint32(len(p)), uint32(offset)}) // size, offset
		offset += len(p)
	}
	for _, p := range pngs {
		b.Write(p)
	}
	return b.Bytes()
}
