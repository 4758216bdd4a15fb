"""A warm LibreOffice: started once, then converting .docx files to PDF one request at a time.

Run as a script by a Python that has LibreOffice's `uno` module (Debian's python3-uno), which is
rarely the Python chuongtrinh runs in; so it uses the standard library and `uno` only, and speaks
JSON lines over its standard streams:

    argv: soffice, pipe name, user profile URL
    out:  {"ready": true}                                    once LibreOffice answers
    in:   {"in": "/path/a.docx", "out": "/path/a.pdf"}       one per document
    out:  {"ok": true} or {"error": "…"}                     one per request

End of input ends LibreOffice and the bridge. office.py starts it in a session of its own, whose
process group LibreOffice shares (soffice, oosplash, soffice.bin): a hung LibreOffice is killed
with it, and the bridge ends the whole group itself when its parent goes away at any moment,
LibreOffice's start included (nothing is left running after chuongtrinh is killed).
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

START_TIMEOUT = 120


def _property(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _connect(office: subprocess.Popen[bytes], pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                return None
            time.sleep(0.05)


def _convert(desktop: Any, source: str, target: str) -> None:
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                            (_property("Hidden", True), _property("ReadOnly", True)))
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)


def _end_with_parent() -> None:
    """A watch on the parent: once it is gone (killed, even with SIGKILL), the whole process
    group, LibreOffice and this bridge, ends with it."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main() -> int:
    soffice, pipe, profile = sys.argv[1:4]
    _end_with_parent()
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = _connect(office, pipe)
        if desktop is None:
            _say({"error": "LibreOffice did not start"})
            return 1
        _say({"ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["in"], request["out"])
                _say({"ok": True})
            except Exception as error:      # noqa: BLE001 - reported to the caller, who decides
                _say({"error": f"{type(error).__name__}: {error}"})
        try:
            desktop.terminate()
        except Exception:                   # noqa: BLE001 - it may already be gone
            pass
        office.wait(timeout=30)
        return 0
    finally:
        # However it ends (its input closed, its parent gone mid-start, LibreOffice failing), the
        # group goes with it: soffice.bin is a child of soffice, not of this bridge, and may
        # outlive it otherwise. The bridge is in the group; it has nothing left to say.
        try:
            sys.stdout.flush()
        except OSError:
            pass
        os.killpg(0, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
