#!/bin/sh
# metainfo-release.sh VERSION DATE: copies the AppStream metainfo from
# stdin to stdout with VERSION as its newest release. A release build
# (VERSION is the newest <release>, as scripts/version-check.sh makes
# sure) passes through unchanged; a build between releases (0.2.0+g1234567,
# 0.3.0-rc1) gets a <release type="development"> dated DATE on top, so
# software centres show the version that is installed, not the last tag.
set -eu
version=${1:?VERSION}
date=${2:?DATE}
awk -v version="$version" -v date="$date" '
	!done && /<release / {
		if (index($0, "version=\"" version "\"") == 0) {
			match($0, /^[ \t]*/)
			type = (version ~ /[-+]/) ? " type=\"development\"" : ""
			printf "%s<release version=\"%s\" date=\"%s\"%s/>\n", substr($0, 1, RLENGTH), version, date, type
		}
		done = 1
	}
	{ print }
' 
