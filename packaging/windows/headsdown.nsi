; Heads Down's Windows installer (NSIS 3, built on Linux by make dist).
;
; Per user, no administrator: the programs go to
; %LocalAppData%\Programs\Heads Down, the Start-menu shortcut to the user's
; own Start menu, the Apps & features entry and the launch-at-login value
; to HKCU. The path stays the same from one version to the next, so the
; launch-at-login value (which the app's settings window writes the same
; way, app/autostart/windows.go) keeps pointing at the right program after
; an upgrade.
;
; The uninstaller removes exactly what the installer put: the files it
; lists below (never the folder with whatever else is in it), the shortcut,
; the Apps & features key and a launch-at-login value that points at this
; copy. The user's settings and focus log live elsewhere
; (%LocalAppData%\Heads Down) and are never touched.
;
; make dist passes: VERSION (0.2.0+g1a2b3c4), VERSION_NUMERIC (0.2.0.0),
; APPID (dev.headsdown.app), SRC (the folder with the programs) and OUTFILE.

!macro Need NAME
  !ifndef ${NAME}
    !error "${NAME} is not set: build with make dist (makensis -DVERSION=… -DVERSION_NUMERIC=… -DAPPID=… -DSRC=… -DOUTFILE=…)"
  !endif
!macroend
!insertmacro Need VERSION
!insertmacro Need VERSION_NUMERIC
!insertmacro Need APPID
!insertmacro Need SRC
!insertmacro Need OUTFILE

Unicode true
; 64-bit: the programs are x86-64, and a 64-bit installer sees the same
; registry and folders they do (no WOW64 redirection).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define NAME "Heads Down"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
; The same key and value name the app writes (app/autostart: Name).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "Heads Down"
!define SHORTCUT "$SMPROGRAMS\${NAME}.lnk"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
; An upgrade goes where the last install went.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${NAME} ${VERSION}"

VIProductVersion "${VERSION_NUMERIC}"
VIFileVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=0 "ProductName" "${NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME} installer"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "BSD-3-Clause, the Heads Down authors"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Win\COM.nsh
!include Win\Propkey.nsh

!define MUI_ICON "${SRC}\headsdown.ico"
!define MUI_UNICON "${SRC}\headsdown.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\headsdown.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${NAME} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; Every file the installer puts in $INSTDIR; the uninstaller deletes these
; and nothing else (the installer test in scripts/wine-check.sh checks
; both ways).
!macro InstallFiles
  File "${SRC}\headsdown.exe"
  File "${SRC}\headsdown-ui.exe"
  File "${SRC}\headsdown.ico"
  File "${SRC}\README.md"
  File "${SRC}\CHANGELOG.md"
  File "${SRC}\LICENSE.txt"
!macroend
!macro DeleteFiles
  Delete "$INSTDIR\headsdown.exe"
  Delete "$INSTDIR\headsdown-ui.exe"
  Delete "$INSTDIR\headsdown.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\CHANGELOG.md"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\uninstall.exe"
!macroend

; CloseRunning asks a running Heads Down to quit (`headsdown quit`: the
; block so far is logged, Slack is put back) and waits until its programs
; can be replaced. EXE is a headsdown.exe that speaks the control protocol.
; A Heads Down that does not go (an open window whose process is busy, an
; older copy) is named to the user, who can close it and retry; a silent
; run stops with exit code 2 instead of leaving half-replaced programs.
!macro CloseRunning UN
Function ${UN}CloseRunning
  Exch $0 ; the headsdown.exe to send quit with
  Push $1
  Push $2
  ${IfNot} ${FileExists} "$INSTDIR\headsdown.exe"
    Goto done
  ${EndIf}
  ${If} ${FileExists} $0
    DetailPrint "Asking a running ${NAME} to quit…"
    nsExec::Exec '"$0" quit'
    Pop $1 ; 0: it quit; 1: none was running
  ${EndIf}
  retry:
  ; The programs can be replaced once no process has them open: opening
  ; for writing fails while one runs. Up to 10 s for it to finish quitting.
  StrCpy $2 0
  ${Do}
    ClearErrors
    FileOpen $1 "$INSTDIR\headsdown.exe" a
    ${IfNot} ${Errors}
      FileClose $1
      ClearErrors
      FileOpen $1 "$INSTDIR\headsdown-ui.exe" a
      ${IfNot} ${Errors}
        FileClose $1
        Goto done
      ${EndIf}
    ${EndIf}
    IntOp $2 $2 + 1
    ${If} $2 > 50
      ${ExitDo}
    ${EndIf}
    Sleep 200 ; the state waited for is "no process has the file open"
  ${Loop}
  ${If} ${Silent}
    SetErrorLevel 2
    Quit
  ${EndIf}
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
    "${NAME} is still running. Close its windows, choose Quit in its tray menu, then Retry." \
    IDRETRY retry
  Quit
  done:
  Pop $2
  Pop $1
  Pop $0
FunctionEnd
!macroend
!insertmacro CloseRunning ""
!insertmacro CloseRunning "un."

; The Start-menu shortcut, made through the shell's own IShellLink so that
; it can carry System.AppUserModel.ID: Windows matches a notification's
; AppUserModelID to the shortcut with the same ID to show the app's name
; and icon on it (app/notify on Windows sends ${APPID}).
Function CreateShortcutWithAppID
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P= 0
    DetailPrint "Could not make the Start-menu shortcut (no shell link object)."
    SetErrors
    Goto out
  ${EndIf}
  ${IShellLink::SetPath} $0 '("$INSTDIR\headsdown.exe")'
  ${IShellLink::SetWorkingDirectory} $0 '("$INSTDIR")'
  ${IShellLink::SetIconLocation} $0 '("$INSTDIR\headsdown.exe",0)'
  ${IShellLink::SetDescription} $0 '("Focus timer, Slack presence and ping batching")'
  ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r1)'
  ${If} $1 P<> 0
    System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r2'
    System::Call '*(&w64 "${APPID}")p.r4'
    System::Call '*${SYSSTRUCT_PROPVARIANT}(${VT_LPWSTR},,p r4)p.r3'
    ${IPropertyStore::SetValue} $1 '($2,$3).r5'
    ${If} $5 <> 0
      DetailPrint "The shortcut does not carry the app ID (error $5): notifications may not show the app's name."
    ${EndIf}
    ${IPropertyStore::Commit} $1 ""
    ${IUnknown::Release} $1 ""
    System::Free $2
    System::Free $3
    System::Free $4
  ${EndIf}
  ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
  ${If} $1 P<> 0
    ${IPersistFile::Save} $1 '("${SHORTCUT}",1).r2'
    ${IUnknown::Release} $1 ""
    ${If} $2 <> 0
      DetailPrint "Could not save ${SHORTCUT} (error $2)."
      SetErrors
    ${EndIf}
  ${EndIf}
  ${IUnknown::Release} $0 ""
  out:
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

Section "${NAME} (required)" SecMain
  SectionIn RO
  ; The new program asks the old one to quit: the control protocol is the
  ; same, and it works even if the installed copy is missing or damaged.
  InitPluginsDir
  SetOutPath "$PLUGINSDIR"
  File "${SRC}\headsdown.exe"
  Push "$PLUGINSDIR\headsdown.exe"
  Call CloseRunning
  SetOutPath "$INSTDIR"
  !insertmacro InstallFiles
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ClearErrors
  Call CreateShortcutWithAppID
  ${If} ${Errors}
    DetailPrint "Falling back to a plain shortcut."
    CreateShortcut "${SHORTCUT}" "$INSTDIR\headsdown.exe" "" "$INSTDIR\headsdown.exe" 0
  ${EndIf}

  ; Apps & features.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "The Heads Down authors"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\headsdown.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Launch ${NAME} when I log in" SecLogin
  ; Exactly what the settings window writes (app/autostart/windows.go), so
  ; its switch shows this and can turn it off.
  WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE}" '"$INSTDIR\headsdown.exe"'
SectionEnd

Section "-login off"
  ${IfNot} ${SectionIsSelected} ${SecLogin}
    Call RemoveOwnRunValue
  ${EndIf}
SectionEnd

; RemoveOwnRunValue removes the launch-at-login value when it starts this
; copy; one that starts another copy (an unzipped one elsewhere) stays.
!macro RemoveOwnRunValue UN
Function ${UN}RemoveOwnRunValue
  Push $0
  ClearErrors
  ReadRegStr $0 HKCU "${RUN_KEY}" "${RUN_VALUE}"
  ${IfNot} ${Errors}
  ${AndIf} $0 == '"$INSTDIR\headsdown.exe"' ; StrCmp: case-insensitive, as paths are
    DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  ${EndIf}
  Pop $0
FunctionEnd
!macroend
!insertmacro RemoveOwnRunValue ""
!insertmacro RemoveOwnRunValue "un."

Var upgrade

Function .onInit
  ReadRegStr $upgrade HKCU "${UNINST_KEY}" "InstallLocation"
  ; Launch at login is on for a first install (a tray app that is not
  ; running holds no pings). An upgrade keeps what the user chose: off if
  ; the value is gone.
  ${If} $upgrade != ""
    ClearErrors
    ReadRegStr $0 HKCU "${RUN_KEY}" "${RUN_VALUE}"
    ${If} ${Errors}
      SectionSetFlags ${SecLogin} 0
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Push "$INSTDIR\headsdown.exe"
  Call un.CloseRunning
  !insertmacro DeleteFiles
  ; Only if empty: a file the user put there stays, and so does the folder.
  RMDir "$INSTDIR"
  Delete "${SHORTCUT}"
  Call un.RemoveOwnRunValue
  DeleteRegKey HKCU "${UNINST_KEY}"
  ; The name and icon Heads Down registers for its notifications at each
  ; start (app/identity_windows.go): nothing shows them once it is gone.
  DeleteRegKey HKCU "Software\Classes\AppUserModelId\${APPID}"
  ; The settings and the focus log (%LocalAppData%\Heads Down) stay: they
  ; are the user's, and a reinstall picks them up again.
SectionEnd
