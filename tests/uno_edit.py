"""Edits made in LibreOffice through UNO, as an office makes them in a word processor: run by a
Python that has LibreOffice's `uno` module (python3-uno), so the standard library and `uno` only.

    argv: soffice, user profile URL, input .docx, output .docx (or "-": nothing saved), JSON edits
    out:  {"redlines": N}: the tracked changes the document holds once edited, as LibreOffice lists them

Edits, in order: {"record": true} (track changes from here on), {"replace": [old, new]} (the first
occurrence), {"insert_after": [start, text]} (a new paragraph after the first one starting so).
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PARAGRAPH_BREAK = 0     # com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _context(office, pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException as e:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start") from e
            time.sleep(0.1)


def _paragraph(document, wanted):
    """The first paragraph of the body for which wanted(its text) holds."""
    paragraphs = document.Text.createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.Paragraph") and wanted(paragraph.getString()):
            return paragraph
    raise SystemExit("no such paragraph")


def _edit(document, edit):
    body = document.Text
    if "record" in edit:
        document.RecordChanges = bool(edit["record"])
    elif "replace" in edit:
        old, new = edit["replace"]
        paragraph = _paragraph(document, lambda text: old in text)
        cursor = body.createTextCursorByRange(paragraph.getStart())
        cursor.goRight(paragraph.getString().index(old), False)
        cursor.goRight(len(old), True)
        cursor.setString(new)
    elif "insert_after" in edit:
        start, text = edit["insert_after"]
        cursor = body.createTextCursorByRange(_paragraph(document, lambda line: line.startswith(start)).getEnd())
        body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        body.insertString(cursor, text, False)


def main():
    soffice, profile, source, target, edits = sys.argv[1:6]
    pipe = f"uno-edit-{os.getpid()}"
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                               "--nologo", "--norestore", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = _context(office, pipe)
        # A document model without a window: Debian's Writer without its user interface
        # (libreoffice-writer-nogui) aborts when a window on a document with a header is made.
        document = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
        document.load((_property("URL", uno.systemPathToFileUrl(os.path.abspath(source))),
                       _property("FilterName", "MS Word 2007 XML")))
        for edit in json.loads(edits):
            _edit(document, edit)
        redlines = document.getRedlines().createEnumeration()
        count = 0
        while redlines.hasMoreElements():
            redlines.nextElement()
            count += 1
        if target != "-":
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                (_property("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        print(json.dumps({"redlines": count}))
        try:
            context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context).terminate()
        except Exception:       # the bridge goes down with LibreOffice: nothing to answer
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main()
