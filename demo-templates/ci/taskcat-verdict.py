"""The Test stage's verdict on a TaskCat run: pass only if every tested stack reached CREATE_COMPLETE.

Usage: python3 ci/taskcat-verdict.py <taskcat_outputs/index.html> <taskcat's exit status> [<results.json>]

Facts from TaskCat 0.9.57 (github.com/aws-ia/taskcat, tag 0.9.57, commit bfa51dbffa1e6812b99060692ade5f9178dde90a):
- taskcat/_generate_reports.py writes one table cell per test and Region whose text is the stack status, with the
  unquoted attribute class=test-green when the status is CREATE_COMPLETE and class=test-red otherwise;
- it inlines the stylesheet assets/css/taskcat_reporting.css, downloaded at report time, which defines the selectors
  "td.test-green {" and "td.test-red {": both words are in every report, so only the table cells count here;
- when that download fails, it raises before writing index.html, and taskcat exits 1 (taskcat/_cli.py);
- taskcat/_cli_modules/test.py writes the report inside "with test:", and the exit's clean_up
  (taskcat/testing/_cfn_test.py) raises "One or more stacks failed to create" after the report is written, so a
  failed stack exits 1 with the report on disk.
Prints one line per stack and exits 0 (pass) or 1 (fail, with the reason). Given a third argument, it also writes
the results there, one row per test and Region, for Tributary's run history (core's TASKCAT_RESULTS_FORMAT and
taskcatResultsKey: the buildspec writes it into TaskCat's output directory, which is uploaded beside the report):
{"format": "tributary-taskcat-results/1", "results": [{"test", "region", "stack", "status", "passed"}]}.
"""

import json
import sys
from html.parser import HTMLParser

RESULTS_FORMAT = "tributary-taskcat-results/1"

RESULT_CLASSES = ("test-green", "test-red")


class ReportCells(HTMLParser):
    """Collects the result cells (td with class test-green or test-red) and the text of the cells of their row."""

    def __init__(self):
        super().__init__()
        self.rows = []  # one (cells' texts, index of the result cell, its class) per row that has a result cell
        self._row = None
        self._cell = None
        self._result = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
            self._result = None
        elif tag == "td" and self._row is not None:
            self._cell = []
            classes = (dict(attrs).get("class") or "").split()
            for name in RESULT_CLASSES:
                if name in classes:
                    self._result = (len(self._row), name)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._result is not None:
                self.rows.append((self._row, *self._result))
            self._row = None
            self._result = None


def verdict(report_path, taskcat_status, results_path=None):
    """Returns (passed, lines to print); writes the results to results_path when given and the report lists stacks."""
    try:
        with open(report_path, encoding="utf-8") as handle:
            report = handle.read()
    except FileNotFoundError:
        return False, [
            "TaskCat wrote no report at %s (taskcat exited %s), so no stack is known to have passed. "
            "TaskCat 0.9 writes none when it cannot download its stylesheet (raw.githubusercontent.com) or when it "
            "stopped before testing: see its log above. Fix: let the build reach GitHub, or fix the error it logged."
            % (report_path, taskcat_status)
        ]
    parser = ReportCells()
    parser.feed(report)
    parser.close()
    if not parser.rows:
        return False, [
            "TaskCat's report %s lists no tested stack (taskcat exited %s). Fix: check the tests and regions of "
            "the TaskCat config." % (report_path, taskcat_status)
        ]
    lines = []
    results = []
    failed = 0
    for cells, index, css in parser.rows:
        status = cells[index]
        # Test name, Region and stack name are the cells before the result (TaskCat's column order).
        where = " / ".join(cells[:index])
        ok = css == "test-green" and status == "CREATE_COMPLETE"
        failed += 0 if ok else 1
        lines.append("%s %s: %s" % ("PASS" if ok else "FAIL", where, status))
        named = cells[:index] + ["", "", ""]
        results.append({"test": named[0], "region": named[1], "stack": named[2], "status": status, "passed": ok})
    if results_path is not None:
        with open(results_path, "w", encoding="utf-8") as handle:
            json.dump({"format": RESULTS_FORMAT, "results": results}, handle, indent=2, sort_keys=True)
            handle.write("\n")
    if failed:
        lines.append("TaskCat: %d of %d stacks did not reach CREATE_COMPLETE." % (failed, len(parser.rows)))
        return False, lines
    if taskcat_status != "0":
        lines.append(
            "TaskCat exited %s although every stack reached CREATE_COMPLETE: its clean-up or another step failed. "
            "Fix: read its log above (stacks or buckets it could not delete are left in the account)." % taskcat_status
        )
        return False, lines
    lines.append("TaskCat: all %d stacks reached CREATE_COMPLETE." % len(parser.rows))
    return True, lines


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(
            "Usage: python3 ci/taskcat-verdict.py <taskcat_outputs/index.html> <taskcat's exit status> [<results.json>]"
        )
    passed, lines = verdict(argv[1], argv[2], argv[3] if len(argv) == 4 else None)
    print("\n".join(lines), file=sys.stdout if passed else sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
