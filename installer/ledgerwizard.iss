; Inno Setup script: a per-user Windows installer for the one-folder build in dist\ledgerwizard.
;   iscc installer\ledgerwizard.iss
; Installs without admin rights, offers autostart at login, closes a running instance on upgrade, and
; uninstalls cleanly, keeping the settings, the transfer journal and the keys unless the user asks to remove them.
#define AppVersion "0.1.0"

[Setup]
AppId={{6D1F2B9E-4E0B-4C49-9B7E-1D7C9A5E2F10}
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

[UninstallRun]
Filename: "{cmd}"; Parameters: "/C taskkill /IM ledgerwizard.exe /F"; Flags: runhidden; RunOnceId: "StopTray"

[Code]
var
  RemoveSettings: Boolean;

// Asked before anything is removed (the console twin is still there to delete the keys); a silent uninstall
// keeps everything.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  ResultCode: Integer;
begin
  if CurUninstallStep = usUninstall then
  begin
    // the login entry, also when the program wrote it (not this installer's task), and Windows' own on/off
    // switch for it (Startup apps)
    RegDeleteValue(HKCU, 'Software\Microsoft\Windows\CurrentVersion\Run', 'ledgerwizard');
    RegDeleteValue(HKCU, 'Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run', 'ledgerwizard');
    RemoveSettings := (not UninstallSilent) and
      (MsgBox('Slette innstillinger, overføringslogg og lagrede nøkler også?' + #13#10 +
              'Also delete the settings, the transfer journal and the stored keys?',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES);
    if RemoveSettings then
      // the client keys in Windows Credential Manager (they are not files)
      Exec(ExpandConstant('{app}\ledgerwizard-console.exe'), 'key --all --forget', '', SW_HIDE,
           ewWaitUntilTerminated, ResultCode);
  end;
  if (CurUninstallStep = usPostUninstall) and RemoveSettings then
    DelTree(ExpandConstant('{localappdata}\ledgerwizard'), True, True, True);
end;
