; Inno Setup script: a per-user Windows installer for the one-folder build in dist\ledgerwizard.
;   iscc /DAppVersion=X.Y.Z installer\ledgerwizard.iss     (scripts/windows-check.sh passes pyproject's version)
; Without /DAppVersion the version is the bundle's own (the ProductVersion PyInstaller wrote from
; ledgerwizard.__version__), so the installer never carries another version than the program it installs.
; Installs without admin rights, starts the tray at login (a task), closes a running instance on upgrade, and
; uninstalls cleanly, keeping the settings, the transfer journal and the keys unless the user asks to remove them.
;
; Start at login (the "autostart" task):
; - a new install: on, also when silent (/VERYSILENT): the tray is what sends the day's vouchers, and a silent
;   install is a reseller's roll-out, where nobody comes back later to start it; /MERGETASKS="!autostart" turns it off;
; - an upgrade: the checkbox starts from the real state (the Run value exists and Windows' Startup apps switch is
;   not off), whoever set it since: the user in the program, in Windows or in the last installer; a silent upgrade
;   keeps it as it is. Either way the choice is carried out both ways: on writes the Run value, off removes it;
;   /TASKS or /MERGETASKS on the command line decide instead.
; Uninstall: asks whether to remove the settings, the journal and the keys too (default: keep). A silent uninstall
; keeps them unless given /REMOVESETTINGS (a reseller clearing a PC): unins000.exe /VERYSILENT /REMOVESETTINGS
#define AppGuid "6D1F2B9E-4E0B-4C49-9B7E-1D7C9A5E2F10"
#define AppExe AddBackslash(SourcePath) + "..\dist\ledgerwizard\ledgerwizard.exe"
#ifndef AppVersion
  #if !FileExists(AppExe)
    #error Build the bundle first (pyinstaller build_installer.spec), or pass /DAppVersion=
  #endif
  #define AppVersion GetFileProductVersion(AppExe)
#endif

[Setup]
AppId={{{#AppGuid}}
AppName=ledgerwizard
AppVersion={#AppVersion}
AppPublisher=ledgerwizard
DefaultDirName={localappdata}\Programs\ledgerwizard
DefaultGroupName=ledgerwizard
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DisableProgramGroupPage=yes
OutputBaseFilename=ledgerwizard-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\ledgerwizard.exe
WizardStyle=modern

[Languages]
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "{cm:AutoStartProgram,ledgerwizard}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\ledgerwizard\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\ledgerwizard"; Filename: "{app}\ledgerwizard.exe"

[Registry]
; the same value the app itself writes when autostart is switched on in its settings (quoted path, --tray)
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "ledgerwizard"; \
    ValueData: """{app}\ledgerwizard.exe"" --tray"; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\ledgerwizard.exe"; Parameters: "setup"; Description: "{cm:LaunchProgram,ledgerwizard}"; \
    Flags: nowait postinstall skipifsilent
; the tray that PrepareToInstall stopped for the upgrade runs again (also after a silent upgrade)
Filename: "{app}\ledgerwizard.exe"; Parameters: "--tray"; Flags: nowait; Check: TrayWasStopped

[UninstallRun]
; after CurUninstallStepChanged's "tray --quit": a tray that did not quit in time is stopped the hard way
Filename: "{cmd}"; Parameters: "/C taskkill /IM ledgerwizard.exe /F"; Flags: runhidden; RunOnceId: "StopTray"

[Code]
const
  RunKey = 'Software\Microsoft\Windows\CurrentVersion\Run';
  StartupApprovedKey = 'Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run';

var
  RemoveSettings: Boolean;
  TasksChecked: Boolean;
  TrayStopped: Boolean;

function CommandLineHas(const Prefix: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(Copy(ParamStr(I), 1, Length(Prefix)), Prefix) = 0 then
      Result := True;
end;

// as the program reads it (osintegration.autostart_enabled): a Run value that Startup apps has not switched off
function AutostartIsOn: Boolean;
var
  Approved: AnsiString;
begin
  Result := RegValueExists(HKCU, RunKey, 'ledgerwizard');
  if Result and RegQueryBinaryValue(HKCU, StartupApprovedKey, 'ledgerwizard', Approved) and (Length(Approved) > 0) then
    Result := (Ord(Approved[1]) and 1) = 0;
end;

// an upgrade: the task starts from the real state, not from the last installer's choice (Inno's UsePreviousTasks).
// Setup goes through this page also when silent, with the tasks already filled in (from the last install, or from
// /TASKS or /MERGETASKS, which then decide); once only, so Back and Next keep what the user clicked.
procedure CurPageChanged(CurPageID: Integer);
begin
  if (CurPageID = wpSelectTasks) and not TasksChecked then
  begin
    TasksChecked := True;
    if RegKeyExists(HKCU, 'Software\Microsoft\Windows\CurrentVersion\Uninstall\{{#AppGuid}}_is1')
       and not CommandLineHas('/TASKS=') and not CommandLineHas('/MERGETASKS=') then
      if AutostartIsOn then
        WizardSelectTasks('autostart')
      else
        WizardSelectTasks('!autostart');
    Log('Tasks: ' + WizardSelectedTasks(False) + ' (autostart on before: ' + IntToStr(Ord(AutostartIsOn)) + ')');
  end;
end;

// The running tray holds the program's files (an upgrade could not replace them and was rolled back): it is asked to
// quit through its single-instance socket, and "tray --quit" waits until it has (it finishes a run that is going
// first, up to a minute). Exit codes: 0 stopped, 1 none was running, 2 still running. Started again after the files.
function StopTray(const Why: String): Integer;
begin
  Result := -1;
  if FileExists(ExpandConstant('{app}\ledgerwizard-console.exe')) then
    Exec(ExpandConstant('{app}\ledgerwizard-console.exe'), 'tray --quit', '', SW_HIDE, ewWaitUntilTerminated, Result);
  Log(Why + ': tray --quit gave ' + IntToStr(Result));
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  TrayStopped := StopTray('Before the files') = 0;
  Result := '';
end;

function TrayWasStopped: Boolean;
begin
  Result := TrayStopped;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    // on: [Registry] wrote the Run value; off: an older one goes. Either way Windows' switch for it is cleared, as
    // the program does when autostart is switched there (osintegration.set_autostart)
    if not WizardIsTaskSelected('autostart') then
      RegDeleteValue(HKCU, RunKey, 'ledgerwizard');
    RegDeleteValue(HKCU, StartupApprovedKey, 'ledgerwizard');
  end;
end;

// Asked before anything is removed (the console twin is still there to delete the keys); a silent uninstall
// keeps everything unless given /REMOVESETTINGS.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  ResultCode: Integer;
begin
  if CurUninstallStep = usUninstall then
  begin
    StopTray('Uninstall');
    // the login entry, also when the program wrote it (not this installer's task), and Windows' own on/off
    // switch for it (Startup apps)
    RegDeleteValue(HKCU, RunKey, 'ledgerwizard');
    RegDeleteValue(HKCU, StartupApprovedKey, 'ledgerwizard');
    RemoveSettings := CommandLineHas('/REMOVESETTINGS') or ((not UninstallSilent) and
      (MsgBox('Slette innstillinger, overføringslogg og lagrede nøkler også?' + #13#10 +
              'Also delete the settings, the transfer journal and the stored keys?',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES));
    if RemoveSettings then
      // the client keys in Windows Credential Manager (they are not files)
      Exec(ExpandConstant('{app}\ledgerwizard-console.exe'), 'key --all --forget', '', SW_HIDE,
           ewWaitUntilTerminated, ResultCode);
  end;
  if (CurUninstallStep = usPostUninstall) and RemoveSettings then
    DelTree(ExpandConstant('{localappdata}\ledgerwizard'), True, True, True);
end;
