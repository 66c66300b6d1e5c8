"""``--format junit``: a JUnit XML test report, for GitLab's and Jenkins' test views.

One ``testsuite`` per input file and one ``testcase`` per document (``name``: the record id, or
the file for a plain file; ``classname``: the file, on every case, as GitLab and Jenkins group by
it). A violation at or above ``--fail-on`` is a ``failure`` (``type``: the rule; ``message``: the
first line; text: ``path:line:column rule message`` of each); an input error is a testcase with an
``error``. Text is made XML-safe: control and bidi characters are written as visible escapes
(:func:`voicelint.display.for_terminal`), since XML 1.0 cannot carry most of them at all. A file's
cases are written when the next file starts, so memory holds one file's cases at most.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from voicelint.display import for_terminal
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary


def _text(value: str) -> str:
    return _escape(for_terminal(value, keep="\n"))


def _attr(value: str) -> str:
    return quoteattr(for_terminal(value))


@register_formatter
class JunitFormatter(Formatter):
    name = "junit"
    description = "JUnit XML (a testcase per document, a failure per violation at or above --fail-on)"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._path: str | None = None
        self._cases: list[str] = []
        self._failures = self._errors = 0
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="voicelint">\n')

    def _file(self, path: str) -> None:
        if path != self._path:
            self._flush()
            self._path = path

    def _flush(self) -> None:
        if self._path is None:
            return
        self.out.write(
            f"  <testsuite name={_attr(self._path)} tests=\"{len(self._cases)}\" "
            f'failures="{self._failures}" errors="{self._errors}">\n'
        )
        self.out.writelines(self._cases)
        self.out.write("  </testsuite>\n")
        self._cases, self._failures, self._errors = [], 0, 0

    def document(self, result: DocumentResult) -> None:
        self._file(result.path)
        failing = [v for v in result.violations if self.run.fails(v.severity)]
        name = result.id if result.id is not None else result.path
        case = f"    <testcase name={_attr(name)} classname={_attr(result.path)} file={_attr(result.path)}"
        if not failing:
            self._cases.append(case + "/>\n")
            return
        self._failures += 1
        first = failing[0]
        details = "\n".join(f"{result.path}:{v.line}:{v.column} {v.rule} {v.message}" for v in failing)
        self._cases.append(
            f"{case}>\n      <failure type={_attr(first.rule)} "
            f"message={_attr(f'{len(failing)} violation(s): {first.rule} {first.message}')}>"
            f"{_text(details)}</failure>\n    </testcase>\n"
        )

    def error(self, error: ReportError) -> None:
        self._file(error.path)
        self._errors += 1
        self._cases.append(
            f"    <testcase name={_attr(error.path)} classname={_attr(error.path)}>\n"
            f"      <error message={_attr(error.message)}>{_text(str(error))}</error>\n    </testcase>\n"
        )

    def end(self, summary: RunSummary) -> None:
        self._flush()
        self.out.write("</testsuites>\n")
