"""The `deadline` and `reminders` command lines (argparse only: `sandboxbot serve` builds this parser too, so nothing
heavy is imported here; bot/reminders/commands.py runs them)."""

from __future__ import annotations

import argparse


def add_arguments(sub: argparse._SubParsersAction) -> None:
    deadline = sub.add_parser("deadline", help="deadlines beyond the report rounds (กำหนดส่งที่ผู้ดูแลกำหนดเอง)")
    actions = deadline.add_subparsers(dest="deadline_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a deadline (เพิ่มกำหนดส่ง)")
    add.add_argument("title", help="what must be done, e.g. 'ส่งแผนพัฒนาคุณภาพ'")
    add.add_argument("due", help="due date in Thai or ISO: '30 เม.ย. 2570', '30/4/2027', '2027-04-30'")
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--committee", metavar="CODE", help="only this committee (default: everyone)")
    scope.add_argument("--province", metavar="NAME", help="only committees and schools of this province")
    add.add_argument(
        "--audience",
        default="members",
        help="who must act: members, directors, or a seat: chair, vice_chair, expert, school_rep, secretary",
    )
    add.add_argument("--offsets", help="days before the due date to remind (negative: after), e.g. 7,3,1,0,-1")
    listing = actions.add_parser("list", help="list deadlines with their ids (รายการกำหนดส่ง)")
    listing.add_argument("--all", action="store_true", help="include removed deadlines")
    move = actions.add_parser("move", help="change a deadline's due date (เลื่อนกำหนดส่ง)")
    move.add_argument("id", type=int)
    move.add_argument("due")
    remove = actions.add_parser("remove", help="remove a deadline (ลบกำหนดส่ง)")
    remove.add_argument("id", type=int)

    reminders = sub.add_parser("reminders", help="see what the reminders do (ดูการแจ้งเตือน)")
    r_actions = reminders.add_subparsers(dest="reminders_command", required=True, metavar="ACTION")
    preview = r_actions.add_parser("preview", help="who would get what on a day, and why (dry run; nothing is sent)")
    preview.add_argument("--date", help="YYYY-MM-DD (default: now)")
    r_actions.add_parser("status", help="the queue: pending, sent today, failed; LINE quota used")
