"""The `cockpit` and `report` command lines (argparse only: `sandboxbot serve` builds this parser too, so nothing
heavy is imported here; bot/cockpit/commands.py runs them)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    cockpit = sub.add_parser("cockpit", help="the web cockpit (ห้องบัญชาการ): sign-in links and who sees what")
    actions = cockpit.add_subparsers(dest="cockpit_command", required=True, metavar="ACTION")
    link = actions.add_parser("link", help="print a one-time sign-in link for a person (ลิงก์เข้าสู่ระบบใช้ครั้งเดียว)")
    link.add_argument("person", metavar="PERSON", help="a person id, an e-mail or an exact full name")
    for name, text in (("grant", "let a person see more"), ("revoke", "take a grant back")):
        p = actions.add_parser(name, help=f"{text}: --national (everything) or --group N (an OBEC oversight group)")
        p.add_argument("person", metavar="PERSON", help="a person id, an e-mail or an exact full name")
        scope = p.add_mutually_exclusive_group(required=True)
        scope.add_argument("--national", action="store_true", help="national admin: every group and committee")
        scope.add_argument("--group", type=int, metavar="N", help="OBEC group official: the ten provinces of group N")

    report = sub.add_parser("report", help="write a committee's semester report (รายงานผลการดำเนินงาน) as DOCX or XLSX")
    report.add_argument("committee", metavar="COMMITTEE", help="the committee's code")
    report.add_argument("--year", type=int, help="academic year in BE, e.g. 2569 (default: the current round's)")
    report.add_argument("--round", type=int, choices=(1, 2), help="report round 1 or 2 (default: the current one)")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.docx or FILE.xlsx")
