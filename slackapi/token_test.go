package slackapi

import (
	"context"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

const testToken = "xoxp-1111-2222-3333-abcdefabcdef"

func TestCheckToken(t *testing.T) {
	srv := slacktest.New(testToken)
	defer srv.Close()
	var granted []string
	for _, s := range RequiredScopes {
		if s.Name != "dnd:write" {
			granted = append(granted, s.Name)
		}
	}
	srv.SetScopes(granted...)
	id, missing, err := CheckToken(context.Background(), srv.APIURL, testToken)
	if err != nil || id.User != "ana" || id.Team != "Acme" {
		t.Fatalf("CheckToken: %+v %v", id, err)
	}
	if len(missing) != 1 || missing[0].Name != "dnd:write" {
		t.Fatalf("missing %+v", missing)
	}
	_, _, err = CheckToken(context.Background(), srv.APIURL, "xoxp-wrong")
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || strings.Contains(err.Error(), "xoxp-wrong") {
		t.Fatalf("wrong token: %v", err)
	}
	for _, bad := range []string{"xoxb-123", "xapp-1-2", "hello"} {
		if _, _, err := CheckToken(context.Background(), srv.APIURL, bad); err == nil || !strings.Contains(err.Error(), "not a user token") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestAPIURL(t *testing.T) {
	t.Setenv(EnvAPIURL, "")
	if APIURL("") != DefaultAPIURL || APIURL("http://proxy/api") != "http://proxy/api/" {
		t.Fatal("APIURL defaults")
	}
	t.Setenv(EnvAPIURL, "http://127.0.0.1:9/api/")
	if APIURL("http://proxy/api/") != "http://127.0.0.1:9/api/" {
		t.Fatal("env does not override")
	}
}
