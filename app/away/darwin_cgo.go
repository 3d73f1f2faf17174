//go:build darwin && cgo

package away

// On macOS, with plain C APIs (no Objective-C, no AppKit, so it works in
// --headless too):
//   - screen lock: the distributed notifications com.apple.screenIsLocked
//     and com.apple.screenIsUnlocked (CoreFoundation);
//   - sleep: IORegisterForSystemPower. It is what NSWorkspace's
//     WillSleep/DidWake notifications are built on, and it lets us hold
//     sleep back (kIOMessageSystemWillSleep waits for IOAllowPowerChange,
//     up to 30 s) while the app sets Slack away, like logind's delay lock;
//   - idle: CGEventSourceSecondsSinceLastEventType.
// The notifications arrive on a CFRunLoop of our own, on a locked thread.
// This file cannot be compiled on the Linux machines that build the rest;
// it is kept small on purpose.

/*
#cgo LDFLAGS: -framework CoreFoundation -framework IOKit -framework ApplicationServices
#include <stdint.h>
#include <stdlib.h>
#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/pwr_mgt/IOPMLib.h>
#include <IOKit/IOMessage.h>
#include <ApplicationServices/ApplicationServices.h>

// Implemented in Go (darwin_export.go).
extern void awayGoEvent(uintptr_t id, int what, intptr_t notice);

enum { awayLocked = 1, awayUnlocked = 2, awaySleeping = 3, awayAwake = 4 };

typedef struct {
	uintptr_t id;
	CFRunLoopRef loop;
	CFRunLoopSourceRef stopper;
	io_connect_t root;
	IONotificationPortRef port;
	io_object_t notifier;
} awayState;

static void awayScreen(CFNotificationCenterRef center, void *observer, CFNotificationName name,
		const void *object, CFDictionaryRef info) {
	uintptr_t id = (uintptr_t)observer;
	if (name == NULL) return;
	if (CFStringCompare(name, CFSTR("com.apple.screenIsLocked"), 0) == kCFCompareEqualTo) {
		awayGoEvent(id, awayLocked, 0);
	} else if (CFStringCompare(name, CFSTR("com.apple.screenIsUnlocked"), 0) == kCFCompareEqualTo) {
		awayGoEvent(id, awayUnlocked, 0);
	}
}

static void awayPower(void *refcon, io_service_t service, natural_t type, void *arg) {
	awayState *s = (awayState *)refcon;
	switch (type) {
	case kIOMessageCanSystemSleep:
		// Idle sleep may go ahead: we never veto it.
		IOAllowPowerChange(s->root, (intptr_t)arg);
		break;
	case kIOMessageSystemWillSleep:
		// Go calls awayAllowSleep once the app is ready (or after SleepDelay).
		awayGoEvent(s->id, awaySleeping, (intptr_t)arg);
		break;
	case kIOMessageSystemHasPoweredOn:
		awayGoEvent(s->id, awayAwake, 0);
		break;
	}
}

static void awayStopPerform(void *info) { CFRunLoopStop(CFRunLoopGetCurrent()); }

// awaySetup runs on the locked thread. It returns 0, or 1 if sleep
// notifications are unavailable (the lock notifications still work).
static int awaySetup(awayState *s) {
	s->loop = CFRunLoopGetCurrent();
	CFRetain(s->loop);
	CFRunLoopSourceContext ctx = {0};
	ctx.perform = awayStopPerform;
	s->stopper = CFRunLoopSourceCreate(NULL, 0, &ctx);
	CFRunLoopAddSource(s->loop, s->stopper, kCFRunLoopDefaultMode);

	CFNotificationCenterRef dc = CFNotificationCenterGetDistributedCenter();
	CFNotificationCenterAddObserver(dc, (const void *)s->id, awayScreen, CFSTR("com.apple.screenIsLocked"),
		NULL, CFNotificationSuspensionBehaviorDeliverImmediately);
	CFNotificationCenterAddObserver(dc, (const void *)s->id, awayScreen, CFSTR("com.apple.screenIsUnlocked"),
		NULL, CFNotificationSuspensionBehaviorDeliverImmediately);

	s->root = IORegisterForSystemPower(s, &s->port, awayPower, &s->notifier);
	if (s->root == MACH_PORT_NULL) {
		return 1;
	}
	CFRunLoopAddSource(s->loop, IONotificationPortGetRunLoopSource(s->port), kCFRunLoopDefaultMode);
	return 0;
}

// awayRun runs the loop until awayStop.
static void awayRun(void) { CFRunLoopRun(); }

// awayStop may be called from any thread, before or after awayRun started:
// the signalled source stops the loop as soon as it runs.
static void awayStop(awayState *s) {
	CFRunLoopSourceSignal(s->stopper);
	CFRunLoopWakeUp(s->loop);
}

static void awayAllowSleep(awayState *s, intptr_t notice) {
	if (s->root != MACH_PORT_NULL) IOAllowPowerChange(s->root, notice);
}

// awayTeardown runs on the locked thread after awayRun returned.
static void awayTeardown(awayState *s) {
	CFNotificationCenterRemoveEveryObserver(CFNotificationCenterGetDistributedCenter(), (const void *)s->id);
	if (s->root != MACH_PORT_NULL) {
		CFRunLoopRemoveSource(s->loop, IONotificationPortGetRunLoopSource(s->port), kCFRunLoopDefaultMode);
		IODeregisterForSystemPower(&s->notifier);
		IOServiceClose(s->root);
		IONotificationPortDestroy(s->port);
		s->root = MACH_PORT_NULL;
	}
	CFRunLoopRemoveSource(s->loop, s->stopper, kCFRunLoopDefaultMode);
	CFRelease(s->stopper);
	CFRelease(s->loop);
}

static double awayIdleSeconds(void) {
	return CGEventSourceSecondsSinceLastEventType(kCGEventSourceStateCombinedSessionState, kCGAnyInputEventType);
}
*/
import "C"

import (
	"context"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

const (
	srcScreenLock = "com.apple.screenIsLocked"
	srcIOPower    = "IORegisterForSystemPower"
	srcMacIdle    = "macos-idle"
)

// darwinEvent is what a C callback reports, handed to the Go side.
type darwinEvent struct {
	what   int
	notice C.intptr_t
}

// The C side knows a monitor by a number, looked up here: a callback
// that comes after the monitor stopped finds nothing and does nothing.
var (
	darwinMu     sync.Mutex
	darwinNextID uintptr
	darwinByID   = map[uintptr]chan darwinEvent{}
)

func (m *Monitor) runSources(ctx context.Context) {
	var wg, probing sync.WaitGroup
	probing.Add(2)
	wg.Go(func() { m.runDarwin(ctx, sync.OnceFunc(probing.Done)) })
	wg.Go(func() {
		probed := sync.OnceFunc(probing.Done)
		defer probed()
		m.pollIdle(ctx, srcMacIdle, "CGEventSourceSecondsSinceLastEventType", probed, func() (time.Duration, error) {
			return time.Duration(float64(C.awayIdleSeconds()) * float64(time.Second)), nil
		})
	})
	wg.Go(func() {
		probing.Wait()
		m.markProbed()
	})
	wg.Wait()
}

func (m *Monitor) runDarwin(ctx context.Context, probed func()) {
	defer probed()
	events := make(chan darwinEvent, 16)
	darwinMu.Lock()
	darwinNextID++
	id := darwinNextID
	darwinByID[id] = events
	darwinMu.Unlock()
	defer func() {
		darwinMu.Lock()
		delete(darwinByID, id)
		darwinMu.Unlock()
	}()

	// The state lives in C memory: the C side keeps a pointer to it.
	s := (*C.awayState)(C.calloc(1, C.size_t(C.sizeof_awayState)))
	defer C.free(unsafe.Pointer(s))
	s.id = C.uintptr_t(id)

	var wg sync.WaitGroup
	defer wg.Wait()
	ready := make(chan C.int)
	loopCtx, stopLoop := context.WithCancel(ctx)
	defer stopLoop()
	wg.Go(func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		ready <- C.awaySetup(s)
		C.awayRun()
		<-loopCtx.Done() // the power loop below has ended: no more awayAllowSleep
		C.awayTeardown(s)
	})
	noPower := <-ready
	m.setSource(Source{Name: srcScreenLock, What: WhatLock, Live: true, Note: "distributed notifications"})
	if noPower != 0 {
		m.setSource(Source{Name: srcIOPower, What: WhatSuspend, Note: "IORegisterForSystemPower failed"})
	} else {
		m.setSource(Source{Name: srcIOPower, What: WhatSuspend, Live: true, Note: "kIOMessageSystemWillSleep, held back until Slack is told"})
	}
	probed()

	var (
		pending bool
		notice  C.intptr_t
		delay   = time.NewTimer(time.Hour)
	)
	delay.Stop()
	allow := func() {
		if pending {
			pending = false
			delay.Stop()
			C.awayAllowSleep(s, notice)
		}
	}
	defer func() {
		allow()
		C.awayStop(s)
		stopLoop()
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.sleepReady:
			allow()
		case <-delay.C:
			allow()
		case ev := <-events:
			switch ev.what {
			case 1:
				m.hub.set(lockGroup, srcScreenLock, true, m.now())
			case 2:
				m.hub.set(lockGroup, srcScreenLock, false, m.now())
			case 3:
				allow() // a previous notice, if any, is stale
				m.takeSleepReady()
				pending, notice = true, ev.notice
				delay.Reset(m.sleepDelay)
				m.hub.set(sleepGroup, srcIOPower, true, m.now())
			case 4:
				allow()
				m.hub.set(sleepGroup, srcIOPower, false, m.now())
			}
		}
	}
}
