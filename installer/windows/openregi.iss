; Inno Setup 6 script for the Windows installer of OpenRegi.
;
; Build the onedir bundle first, sign its executables, then compile this script
; (see docs/installer.md):
;
;   python installer\build.py
;   iscc /DAppVersion=0.1.0 installer\windows\openregi.iss
;
; The result is dist\openregi-<version>-setup.exe. It installs dist\openregi\ into
; Program Files. The terminal store, journal, logs and openregi.toml live in each Windows
; user's %LOCALAPPDATA%\openregi, so an uninstall or an upgrade never touches them.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=0.1.0 openregi.iss
#endif
#define BundleDir "..\..\dist\openregi"

[Setup]
; AppId identifies OpenRegi to Windows across versions. Never change it, or an upgrade
; installs a second copy next to the first.
AppId={{FC12D37F-55C9-4180-95DE-BE75A84AF015}
AppName=OpenRegi
AppVerName=OpenRegi {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=OpenRegi contributors
DefaultDirName={autopf}\OpenRegi
DefaultGroupName=OpenRegi
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=openregi-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayIcon={app}\openregi.exe
UninstallDisplayName=OpenRegi {#AppVersion}
; Setup waits for a running OpenRegi to be closed before it replaces its files.
CloseApplications=yes
SetupLogging=yes
; To sign the setup program and its uninstaller, define a sign tool named "signtool" in the
; Inno Setup IDE (Tools > Configure Sign Tools) or with iscc /S, then uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
japanese.AutoStart=Windows へのサインイン時にオープンレジを起動する
english.AutoStart=Start OpenRegi when a user signs in to Windows
japanese.SelfTest=インストールの自己診断
english.SelfTest=Installation self-test
japanese.RunSelfTest=インストールの自己診断を実行する
english.RunSelfTest=Run the installation self-test

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "autostart"; Description: "{cm:AutoStart}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir bundle: openregi.exe (windowed), openregi-console.exe and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new bundle no longer contains would otherwise stay.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\OpenRegi"; Filename: "{app}\openregi.exe"
; The self-test writes its report to the console, so it runs in a window that stays open.
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\openregi-console.exe"" --self-test"
Name: "{group}\{cm:UninstallProgram,OpenRegi}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\OpenRegi"; Filename: "{app}\openregi.exe"; Tasks: desktopicon
Name: "{autostartup}\OpenRegi"; Filename: "{app}\openregi.exe"; Tasks: autostart

[Run]
Filename: "{cmd}"; Parameters: "/k ""{app}\openregi-console.exe"" --self-test"; Description: "{cm:RunSelfTest}"; Flags: postinstall skipifsilent unchecked
Filename: "{app}\openregi.exe"; Description: "{cm:LaunchProgram,OpenRegi}"; Flags: nowait postinstall skipifsilent
