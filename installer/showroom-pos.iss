; Windows installer for OCOP Showroom POS (Inno Setup 6). Built by tools/build_app.py on Windows, after
; PyInstaller has made dist\showroom-pos\:   iscc /DAppVersion=0.1.0 installer\showroom-pos.iss
; It has not been compiled or run on the machine this project is developed on (Linux): see README.
;
; - installs for the current user (no administrator needed; the dialog offers all users) into Programs;
; - Start menu shortcuts (the app, the demo, uninstall), an optional desktop shortcut, optional autostart;
; - the data is NOT in the install folder: the app keeps it in %LOCALAPPDATA%\showroom-pos (platformdirs),
;   so neither an upgrade nor an uninstall touches it; nothing below names that folder;
; - an upgrade installs over the previous version (same AppId), replacing its program files; the app
;   migrates the data on its next start, after copying the database aside into the backups folder.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\showroom-pos.iss
#endif
#define AppName "OCOP Showroom POS"
#define AppExe "showroom-pos.exe"

[Setup]
; Never change the AppId: it is how Windows knows a new version is an upgrade of this app.
AppId={{5E0C6C38-2F7B-4C0E-9A51-6B0F3D1C8A42}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=OCOP Showroom POS
DefaultDirName={autopf}\OCOP Showroom POS
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..
OutputDir=dist
OutputBaseFilename=showroom-pos-{#AppVersion}-setup
SetupIconFile=showroom_pos\resources\icons\showroom-pos.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "autostart"; Description: "Start {#AppName} when I sign in to Windows"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries: PyInstaller's folder differs from one build to the next.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\showroom-pos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
Name: "{userstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
