; Inno Setup 6 script of CLC Ledger's Windows installer: one file, per-user install without admin
; rights (an admin may choose all users), Start menu and desktop shortcuts, Vietnamese and English,
; .clcsync packages open in the app, and an uninstaller that never touches the user's data.
;
; Compile on Windows (see installer/README.md):   py installer\build.py --installer
; which builds the bundle into dist\CLC Ledger\, writes build\installer\version.iss, then runs
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\clc-ledger.iss
; The installer lands in dist\clc-ledger-<version>-setup.exe.

; backslashes in string literals are plain characters (the paths below and in version.iss)
#pragma parseroption -p+

; AppVersion (from desktop/__init__.py, the one place the version is written) and BundleDir
#include "..\build\installer\version.iss"
#ifndef AppVersion
  #error Run installer\build.py first: it writes build\installer\version.iss
#endif

#define AppName "CLC Ledger"
#define ShortcutName "Sổ TTHTCĐ (CLC Ledger)"
#define WindowExe "clc-ledger.exe"
#define PackageProgId "CLCLedger.SyncPackage"

[Setup]
; Never change the AppId: it is how an upgrade finds the installed copy
AppId={{6C3E9B52-8F1D-4A7E-B0C4-2D5A9E71F3B8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CLC Ledger
VersionInfoVersion={#AppVersion}
; per user by default (%LOCALAPPDATA%\Programs\CLC Ledger), no admin rights needed; the dialog
; lets an administrator install for all users (Program Files) instead
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=clc-ledger-{#AppVersion}-setup
SetupIconFile=..\resources\icons\clc-ledger.ico
UninstallDisplayIcon={app}\{#WindowExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
ChangesAssociations=yes
; the window saves every change as it is made, so closing it for an upgrade loses nothing
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Vietnamese: installer\languages\Vietnamese.isl is the unofficial translation
; from Inno Setup's translations page (see installer/README.md), used when present; either way the
; messages below cover every page and question this installer shows
#if FileExists(AddBackslash(SourcePath) + "languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "languages\Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
vi.SetupAppTitle=Cài đặt
vi.SetupWindowTitle=Cài đặt - %1
vi.UninstallAppTitle=Gỡ cài đặt
vi.UninstallAppFullTitle=Gỡ cài đặt %1
vi.InformationTitle=Thông tin
vi.ConfirmTitle=Xác nhận
vi.ErrorTitle=Lỗi
vi.SetupAlreadyRunning=Chương trình cài đặt đang chạy rồi.
vi.WindowsVersionNotSupported=Chương trình này không chạy được trên phiên bản Windows của máy này (cần Windows 10 hoặc 11, 64 bit).
vi.SetupAppRunningError=Sổ TTHTCĐ đang mở.%n%nHãy đóng cửa sổ Sổ TTHTCĐ (mọi số liệu đã được lưu), rồi bấm OK để tiếp tục, hoặc Hủy để thoát.
vi.UninstallAppRunningError=Sổ TTHTCĐ đang mở.%n%nHãy đóng cửa sổ Sổ TTHTCĐ, rồi bấm OK để tiếp tục, hoặc Hủy để thoát.
vi.PrivilegesRequiredOverrideInstruction=Chọn cách cài đặt
vi.PrivilegesRequiredOverrideTaskDialogText1=%1 có thể cài cho mọi người dùng máy này (cần quyền quản trị) hoặc chỉ cho riêng bạn.
vi.PrivilegesRequiredOverrideMsgBoxText1=%1 có thể cài cho mọi người dùng máy này (cần quyền quản trị) hoặc chỉ cho riêng bạn.%n%nCài cho mọi người dùng?
vi.PrivilegesRequiredOverrideTaskDialogText2=%1 có thể cài chỉ cho riêng bạn (không cần quyền quản trị) hoặc cho mọi người dùng máy này (cần quyền quản trị).
vi.PrivilegesRequiredOverrideMsgBoxText2=%1 có thể cài chỉ cho riêng bạn (nên chọn, không cần quyền quản trị) hoặc cho mọi người dùng máy này (cần quyền quản trị).%n%nChỉ cài cho riêng bạn?
vi.PrivilegesRequiredOverrideAllUsers=Cài cho &mọi người dùng
vi.PrivilegesRequiredOverrideCurrentUser=Chỉ cài cho &riêng tôi
vi.PrivilegesRequiredOverrideRecommended=%1 (nên chọn)
vi.ExitSetupTitle=Thoát cài đặt
vi.ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại chương trình cài đặt vào lúc khác.%n%nThoát cài đặt?
vi.ButtonBack=< &Quay lại
vi.ButtonNext=&Tiếp >
vi.ButtonInstall=&Cài đặt
vi.ButtonOK=OK
vi.ButtonCancel=Hủy
vi.ButtonYes=&Có
vi.ButtonYesToAll=Có với &tất cả
vi.ButtonNo=&Không
vi.ButtonNoToAll=K&hông với tất cả
vi.ButtonFinish=&Xong
vi.ButtonBrowse=&Chọn...
vi.ButtonWizardBrowse=C&họn...
vi.ButtonNewFolder=&Tạo thư mục mới
vi.SelectLanguageTitle=Chọn ngôn ngữ cài đặt
vi.SelectLanguageLabel=Chọn ngôn ngữ dùng trong khi cài đặt:
vi.ClickNext=Bấm Tiếp để tiếp tục, hoặc Hủy để thoát.
vi.BrowseDialogTitle=Chọn thư mục
vi.BrowseDialogLabel=Chọn một thư mục trong danh sách dưới đây, rồi bấm OK.
vi.NewFolderName=Thư mục mới
vi.WelcomeLabel1=Chào mừng đến với chương trình cài đặt [name]
vi.WelcomeLabel2=Chương trình sẽ cài [name/ver] vào máy tính này.%n%nNếu đã có phiên bản cũ, số liệu của trung tâm được giữ nguyên: phiên bản mới tự sao lưu rồi nâng cấp tệp dữ liệu khi mở lần đầu.
vi.WizardSelectDir=Chọn nơi cài đặt
vi.SelectDirDesc=Cài [name] vào đâu?
vi.SelectDirLabel3=[name] sẽ được cài vào thư mục sau.
vi.SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
vi.InvalidPath=Hãy nhập đường dẫn đầy đủ có tên ổ đĩa, ví dụ:%n%nC:\APP
vi.InvalidDrive=Ổ đĩa đã chọn không có hoặc không dùng được. Hãy chọn ổ khác.
vi.DiskSpaceWarningTitle=Không đủ chỗ trống
vi.DiskSpaceWarning=Cần ít nhất %1 KB chỗ trống để cài, nhưng ổ đã chọn chỉ còn %2 KB.%n%nVẫn tiếp tục?
vi.DirNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
vi.InvalidDirName=Tên thư mục không hợp lệ.
vi.BadDirName32=Tên thư mục không được chứa các ký tự sau:%n%n%1
vi.DirExistsTitle=Thư mục đã có
vi.DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
vi.DirDoesntExistTitle=Thư mục chưa có
vi.DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?
vi.WizardSelectTasks=Chọn việc làm thêm
vi.SelectTasksDesc=Làm thêm những việc nào?
vi.SelectTasksLabel2=Chọn những việc muốn làm thêm khi cài [name], rồi bấm Tiếp.
vi.WizardReady=Sẵn sàng cài đặt
vi.ReadyLabel1=Đã sẵn sàng cài [name] vào máy tính này.
vi.ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem hay đổi lựa chọn.
vi.ReadyLabel2b=Bấm Cài đặt để bắt đầu.
vi.ReadyMemoDir=Nơi cài đặt:
vi.ReadyMemoGroup=Thư mục trong menu Start:
vi.ReadyMemoTasks=Việc làm thêm:
vi.WizardPreparing=Chuẩn bị cài đặt
vi.PreparingDesc=Đang chuẩn bị cài [name] vào máy tính này.
vi.CannotContinue=Không thể tiếp tục. Bấm Hủy để thoát.
vi.ApplicationsFound=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để chương trình cài đặt tự đóng chúng.
vi.ApplicationsFound2=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để chương trình cài đặt tự đóng chúng; cài xong sẽ mở lại.
vi.CloseApplications=&Tự động đóng các chương trình
vi.DontCloseApplications=&Không đóng các chương trình
vi.ErrorCloseApplications=Không tự đóng được mọi chương trình. Hãy tự đóng các chương trình đang dùng những tệp cần cập nhật rồi tiếp tục.
vi.WizardInstalling=Đang cài đặt
vi.InstallingLabel=Xin chờ trong khi [name] được cài vào máy tính này.
vi.FinishedHeadingLabel=Đã cài xong [name]
vi.FinishedLabelNoIcons=[name] đã được cài vào máy tính này.
vi.FinishedLabel=[name] đã được cài vào máy tính này. Mở chương trình từ biểu tượng trên màn hình nền hoặc trong menu Start.
vi.ClickFinish=Bấm Xong để kết thúc.
vi.RunEntryExec=Mở %1
vi.SetupAborted=Việc cài đặt chưa xong.%n%nHãy khắc phục sự cố rồi chạy lại chương trình cài đặt.
vi.AbortRetryIgnoreChooseAction=Chọn cách xử lý
vi.AbortRetryIgnoreRetry=Thử lại
vi.AbortRetryIgnoreProceedAnyway=Vẫn tiếp tục
vi.AbortRetryIgnoreCancel=Hủy cài đặt
vi.StatusClosingApplications=Đang đóng các chương trình...
vi.StatusCreateDirs=Đang tạo thư mục...
vi.StatusExtractFiles=Đang chép tệp...
vi.StatusCreateIcons=Đang tạo biểu tượng...
vi.StatusCreateRegistryEntries=Đang ghi thiết lập của Windows...
vi.StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
vi.StatusRunProgram=Đang hoàn tất...
vi.StatusRollback=Đang hoàn lại các thay đổi...
vi.ErrorCreatingDir=Không tạo được thư mục "%1"
vi.ErrorExecutingProgram=Không chạy được tệp:%n%1
vi.UninstallDisplayNameMarkAllUsers=Mọi người dùng
vi.UninstallDisplayNameMarkCurrentUser=Người dùng hiện tại
vi.ConfirmUninstall=Gỡ %1 khỏi máy tính này?%n%nSố liệu của trung tâm (thư mục dữ liệu và các bản sao lưu) được giữ nguyên.
vi.UninstallStatusLabel=Xin chờ trong khi %1 được gỡ khỏi máy tính này.
vi.UninstalledAll=Đã gỡ %1 khỏi máy tính này. Số liệu của trung tâm vẫn còn nguyên trong thư mục dữ liệu.
vi.UninstalledMost=Đã gỡ %1.%n%nMột số mục không gỡ được; có thể tự xóa chúng.
vi.WizardUninstalling=Đang gỡ cài đặt
vi.StatusUninstalling=Đang gỡ %1...
en.WelcomeLabel2=This will install [name/ver] on your computer.%n%nAn earlier version's records are kept: the new version backs up and upgrades the data file when it first opens it.
en.ConfirmUninstall=Are you sure you want to remove %1 from this computer?%n%nThe centre's records (the data folder and its backups) are kept.
en.UninstalledAll=%1 was removed from this computer. The centre's records are still in the data folder.

[CustomMessages]
vi.AdditionalIcons=Biểu tượng thêm:
vi.CreateDesktopIcon=Tạo biểu tượng trên &màn hình nền
vi.LaunchProgram=Mở %1
vi.UninstallProgram=Gỡ %1
vi.AssocFileExtension=&Mở tệp %2 (gói dữ liệu của trung tâm) bằng %1
vi.PackageFileType=Gói dữ liệu Sổ TTHTCĐ
vi.InstallOverData=Không cài được vào thư mục dữ liệu của Sổ TTHTCĐ (%1): thư mục này chứa số liệu của trung tâm. Hãy chọn thư mục khác.
en.AdditionalIcons=Additional shortcuts:
en.CreateDesktopIcon=Create a &desktop shortcut
en.LaunchProgram=Launch %1
en.UninstallProgram=Uninstall %1
en.AssocFileExtension=&Open %2 files (a centre's data packages) with %1
en.PackageFileType=CLC Ledger data package
en.InstallOverData=CLC Ledger cannot be installed into its data folder (%1), which holds the centre's records. Choose another folder.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "associate"; Description: "{cm:AssocFileExtension,{#AppName},.clcsync}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; an upgrade replaces the whole bundle, so no file of an older version lingers beside the new ones
; (only the program's own folder: the data folder is elsewhere and never touched)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#ShortcutName}"; Filename: "{app}\{#WindowExe}"; Comment: "{#AppName} {#AppVersion}"
Name: "{autodesktop}\{#ShortcutName}"; Filename: "{app}\{#WindowExe}"; Tasks: desktopicon

[Registry]
; .clcsync: a double-click opens the package for import (clc-ledger.exe --open FILE); HKA is the
; user's own classes in a per-user install, the machine's in an all-users one
Root: HKA; Subkey: "Software\Classes\.clcsync"; ValueType: string; ValueName: ""; ValueData: "{#PackageProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.clcsync\OpenWithProgids"; ValueType: string; ValueName: "{#PackageProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageFileType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#WindowExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#WindowExe}"" --open ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#WindowExe}\SupportedTypes"; ValueType: string; ValueName: ".clcsync"; ValueData: ""; Flags: uninsdeletekey; Tasks: associate

[Run]
Filename: "{app}\{#WindowExe}"; Description: "{cm:LaunchProgram,{#ShortcutName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what this installer put in {app} (and the shortcuts and registry
; entries above). The centre's data folder (%LOCALAPPDATA%\CLC Ledger: the database, its backups,
; the logs) is never listed in an [UninstallDelete] section and so is never removed.

[Code]
{ The data folder of the app (platformdirs' user data folder) must never become the program's
  folder: an upgrade's [InstallDelete] and the uninstaller would then work inside it. }
function NextButtonClick(CurPageID: Integer): Boolean;
var
  DataFolder: String;
begin
  Result := True;
  if CurPageID = wpSelectDir then
  begin
    DataFolder := AddBackslash(ExpandConstant('{localappdata}')) + 'CLC Ledger';
    if CompareText(RemoveBackslashUnlessRoot(WizardDirValue), DataFolder) = 0 then
    begin
      MsgBox(FmtMessage(CustomMessage('InstallOverData'), [DataFolder]), mbError, MB_OK);
      Result := False;
    end;
  end;
end;
