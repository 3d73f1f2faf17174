package timefmt

import (
	"testing"
	"time"
)

func TestFromLocale(t *testing.T) {
	for _, tc := range []struct {
		locale string
		want   Hours
	}{
		{"", H24}, {"C", H24}, {"POSIX", H24}, {"C.UTF-8", H24},
		{"en_US.UTF-8", H12}, {"en_US", H12}, {"en_US.utf8", H12}, {"en_US.UTF-8@euro", H12}, {"en-US", H12},
		{"en_CA.UTF-8", H12}, {"en_AU.UTF-8", H12}, {"en_NZ", H12}, {"en_PH", H12}, {"en_IN", H12},
		{"es_US.UTF-8", H12}, {"hi_IN", H12}, {"ko_KR.UTF-8", H12}, {"zh_TW.UTF-8", H12},
		{"ar_EG.UTF-8", H12}, {"ar_SA", H12}, {"ar", H12},
		{"en_GB.UTF-8", H24}, {"en_IE", H24}, {"de_DE.UTF-8", H24}, {"fr_CA.UTF-8", H24}, {"es_ES", H24},
		{"ja_JP.UTF-8", H24}, {"zh_CN.UTF-8", H24}, {"en", H24}, {"de_DE@euro", H24}, {"nonsense", H24},
	} {
		if got := FromLocale(tc.locale); got != tc.want {
			t.Errorf("FromLocale(%q) = %s, want %s", tc.locale, got, tc.want)
		}
	}
}

// LC_ALL wins over LC_TIME, which wins over LANG, as POSIX has it; an
// empty variable counts as unset.
func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Hours
	}{
		{"nothing set (Windows, macOS)", nil, H24},
		{"LANG US", map[string]string{"LANG": "en_US.UTF-8"}, H12},
		{"LANG UK", map[string]string{"LANG": "en_GB.UTF-8"}, H24},
		{"LC_TIME over LANG", map[string]string{"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, H24},
		{"LC_TIME US under a German LANG", map[string]string{"LANG": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}, H12},
		{"LC_ALL over both", map[string]string{"LANG": "en_US.UTF-8", "LC_TIME": "en_US.UTF-8", "LC_ALL": "C"}, H24},
		{"empty LC_ALL is unset", map[string]string{"LC_ALL": "", "LANG": "en_US.UTF-8"}, H12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	if FromEnv(nil) != H24 {
		t.Fatal("a nil getenv must read as 24-hour")
	}
}

func TestResolve(t *testing.T) {
	us := func(k string) string {
		if k == "LANG" {
			return "en_US.UTF-8"
		}
		return ""
	}
	uk := func(string) string { return "en_GB.UTF-8" }
	for _, tc := range []struct {
		setting string
		env     func(string) string
		want    Hours
	}{
		{"auto", us, H12}, {"auto", uk, H24}, {"", us, H12},
		{"24h", us, H24}, {"12h", uk, H12},
	} {
		if got := Resolve(tc.setting, tc.env); got != tc.want {
			t.Errorf("Resolve(%q) = %s, want %s", tc.setting, got, tc.want)
		}
	}
}

func TestCheckSetting(t *testing.T) {
	for _, ok := range []string{"", "auto", "12h", "24h"} {
		if err := CheckSetting(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"12", "24", "AM/PM", "Auto"} {
		if err := CheckSetting(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFormat(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 1, 12, h, m, 0, 0, time.UTC) } // a Monday
	for _, tc := range []struct {
		t                    time.Time
		h                    Hours
		clock, day, dateTime string
	}{
		{at(13, 30), H24, "13:30", "Mon 13:30", "12 Jan 13:30"},
		{at(13, 30), H12, "1:30 PM", "Mon 1:30 PM", "12 Jan 1:30 PM"},
		{at(9, 5), H24, "09:05", "Mon 09:05", "12 Jan 09:05"},
		{at(9, 5), H12, "9:05 AM", "Mon 9:05 AM", "12 Jan 9:05 AM"},
		{at(0, 0), H12, "12:00 AM", "Mon 12:00 AM", "12 Jan 12:00 AM"},
		{at(12, 0), H12, "12:00 PM", "Mon 12:00 PM", "12 Jan 12:00 PM"},
	} {
		if got := tc.h.Time(tc.t); got != tc.clock {
			t.Errorf("%s Time = %q, want %q", tc.h, got, tc.clock)
		}
		if got := tc.h.DayTime(tc.t); got != tc.day {
			t.Errorf("%s DayTime = %q, want %q", tc.h, got, tc.day)
		}
		if got := tc.h.DateTime(tc.t); got != tc.dateTime {
			t.Errorf("%s DateTime = %q, want %q", tc.h, got, tc.dateTime)
		}
	}
	if got := H12.Format(at(16, 45), "Mon 2 Jan, 15:04"); got != "Mon 12 Jan, 4:45 PM" {
		t.Errorf("Format = %q", got)
	}
}
