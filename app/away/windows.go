//go:build windows

package away

import (
	"context"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// On Windows one hidden window receives both session lock/unlock
// (WTSRegisterSessionNotification → WM_WTSSESSION_CHANGE) and suspend/
// resume (WM_POWERBROADCAST). It is a top-level window that is never shown,
// not a message-only window: message-only windows get no broadcasts, and
// WM_POWERBROADCAST is one. Idle comes from GetLastInputInfo.
//
// Windows gives about two seconds after PBT_APMSUSPEND and offers no delay
// lock to a desktop app, so SleepReady does nothing here. The lock state at
// start is not read: the app starts in an unlocked session.

const (
	srcWTS     = "wts-session"
	srcPower   = "power-broadcast"
	srcWinIdle = "windows-idle"

	wmDestroy          = 0x0002
	wmClose            = 0x0010
	wmPowerBroadcast   = 0x0218
	wmWTSSessionChange = 0x02B1

	wtsSessionLock   = 0x7
	wtsSessionUnlock = 0x8

	pbtAPMSuspend         = 0x4
	pbtAPMResumeSuspend   = 0x7
	pbtAPMResumeAutomatic = 0x12

	notifyForThisSession = 0
	wsExToolWindow       = 0x00000080
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	wtsapi32 = windows.NewLazySystemDLL("wtsapi32.dll")
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")

	procRegisterClassExW                 = user32.NewProc("RegisterClassExW")
	procCreateWindowExW                  = user32.NewProc("CreateWindowExW")
	procDestroyWindow                    = user32.NewProc("DestroyWindow")
	procDefWindowProcW                   = user32.NewProc("DefWindowProcW")
	procGetMessageW                      = user32.NewProc("GetMessageW")
	procDispatchMessageW                 = user32.NewProc("DispatchMessageW")
	procPostMessageW                     = user32.NewProc("PostMessageW")
	procPostQuitMessage                  = user32.NewProc("PostQuitMessage")
	procGetLastInputInfo                 = user32.NewProc("GetLastInputInfo")
	procWTSRegisterSessionNotification   = wtsapi32.NewProc("WTSRegisterSessionNotification")
	procWTSUnRegisterSessionNotification = wtsapi32.NewProc("WTSUnRegisterSessionNotification")
	procGetTickCount                     = kernel32.NewProc("GetTickCount")
)

type wndClassEx struct {
	size       uint32
	style      uint32
	wndProc    uintptr
	clsExtra   int32
	wndExtra   int32
	instance   windows.Handle
	icon       windows.Handle
	cursor     windows.Handle
	background windows.Handle
	menuName   *uint16
	className  *uint16
	iconSm     windows.Handle
}

type winMsg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	ptX     int32
	ptY     int32
	private uint32
}

type lastInputInfo struct {
	size uint32
	time uint32
}

// The window class and its procedure exist once per process: callbacks
// made by windows.NewCallback are never freed and there is a limit on them.
var (
	classOnce sync.Once
	classErr  error
	instance  windows.Handle // this executable's module
	className = windows.StringToUTF16Ptr("HeadsDownAway")

	windowsMu sync.Mutex
	monitors  = map[uintptr]*Monitor{} // hwnd → its monitor
)

func registerClass() error {
	classOnce.Do(func() {
		if classErr = windows.GetModuleHandleEx(0, nil, &instance); classErr != nil {
			return
		}
		wc := wndClassEx{
			wndProc:   windows.NewCallback(wndProc),
			instance:  instance,
			className: className,
		}
		wc.size = uint32(unsafe.Sizeof(wc))
		if r, _, err := procRegisterClassExW.Call(uintptr(unsafe.Pointer(&wc))); r == 0 {
			classErr = err
		}
	})
	return classErr
}

func wndProc(hwnd, msg, wParam, lParam uintptr) uintptr {
	windowsMu.Lock()
	m := monitors[hwnd]
	windowsMu.Unlock()
	if m != nil {
		switch msg {
		case wmWTSSessionChange:
			switch wParam {
			case wtsSessionLock:
				m.hub.set(lockGroup, srcWTS, true, m.now())
			case wtsSessionUnlock:
				m.hub.set(lockGroup, srcWTS, false, m.now())
			}
			return 0
		case wmPowerBroadcast:
			switch wParam {
			case pbtAPMSuspend:
				m.hub.set(sleepGroup, srcPower, true, m.now())
			case pbtAPMResumeSuspend, pbtAPMResumeAutomatic:
				m.hub.set(sleepGroup, srcPower, false, m.now())
			}
			return 1
		case wmClose:
			procDestroyWindow.Call(hwnd)
			return 0
		case wmDestroy:
			procWTSUnRegisterSessionNotification.Call(hwnd)
			procPostQuitMessage.Call(0)
			return 0
		}
	}
	r, _, _ := procDefWindowProcW.Call(hwnd, msg, wParam, lParam)
	return r
}

func (m *Monitor) runSources(ctx context.Context) {
	var wg, probing sync.WaitGroup
	probing.Add(2)
	wg.Go(func() { m.runWindow(ctx, sync.OnceFunc(probing.Done)) })
	wg.Go(func() {
		probed := sync.OnceFunc(probing.Done)
		defer probed()
		if err := procGetLastInputInfo.Find(); err != nil {
			m.setSource(Source{Name: srcNoIdle, What: WhatIdle, Note: noteNoIdle + err.Error()})
			return
		}
		m.pollIdle(ctx, srcWinIdle, "GetLastInputInfo", probed, lastInput)
	})
	wg.Go(func() {
		probing.Wait()
		m.markProbed()
	})
	wg.Wait()
}

// lastInput is the time since the last input in this session.
func lastInput() (time.Duration, error) {
	info := lastInputInfo{size: uint32(unsafe.Sizeof(lastInputInfo{}))}
	if r, _, err := procGetLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		return 0, err
	}
	now, _, _ := procGetTickCount.Call()
	// Both are milliseconds since boot in 32 bits; the unsigned
	// difference is right across the wrap every 49.7 days.
	return time.Duration(uint32(now)-info.time) * time.Millisecond, nil
}

// runWindow runs the hidden window's message loop on a locked OS thread
// (window messages go to the thread that made the window) until ctx ends.
func (m *Monitor) runWindow(ctx context.Context, probed func()) {
	defer probed()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	notLive := func(why string) {
		m.setSource(Source{Name: srcWTS, What: WhatLock, Note: why})
		m.setSource(Source{Name: srcPower, What: WhatSuspend, Note: why})
	}
	if err := registerClass(); err != nil {
		notLive("cannot register a window class: " + err.Error())
		return
	}
	hwnd, _, err := procCreateWindowExW.Call(wsExToolWindow, uintptr(unsafe.Pointer(className)),
		uintptr(unsafe.Pointer(className)), 0, 0, 0, 0, 0, 0, 0, uintptr(instance), 0)
	if hwnd == 0 {
		notLive("cannot create the hidden window: " + err.Error())
		return
	}
	windowsMu.Lock()
	monitors[hwnd] = m
	windowsMu.Unlock()
	defer func() {
		windowsMu.Lock()
		delete(monitors, hwnd)
		windowsMu.Unlock()
	}()

	if r, _, err := procWTSRegisterSessionNotification.Call(hwnd, notifyForThisSession); r == 0 {
		m.setSource(Source{Name: srcWTS, What: WhatLock, Note: "WTSRegisterSessionNotification: " + err.Error()})
	} else {
		m.setSource(Source{Name: srcWTS, What: WhatLock, Live: true, Note: "WM_WTSSESSION_CHANGE"})
	}
	m.setSource(Source{Name: srcPower, What: WhatSuspend, Live: true, Note: "WM_POWERBROADCAST"})
	probed()

	// Ending: WM_CLOSE destroys the window, WM_DESTROY posts WM_QUIT, and
	// GetMessage returns 0. Wait for the posting goroutine too.
	posted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		procPostMessageW.Call(hwnd, wmClose, 0, 0)
		close(posted)
	})
	defer func() {
		if !stop() {
			<-posted
		}
	}()
	var msg winMsg
	for {
		r, _, err := procGetMessageW.Call(uintptr(unsafe.Pointer(&msg)), 0, 0, 0)
		switch int32(r) {
		case 0: // WM_QUIT
			return
		case -1:
			notLive("GetMessage: " + err.Error())
			procDestroyWindow.Call(hwnd)
			return
		}
		procDispatchMessageW.Call(uintptr(unsafe.Pointer(&msg)))
	}
}
