"""A real SMTP server for the tests (Debian python3-aiosmtpd): listens on a
loopback port, writes each message it receives to DIR/NNNN.eml (the raw
bytes, with X-Envelope lines first) and prints "ready PORT" once listening.

    /usr/bin/python3 tests/lib/smtp_sink.py DIR
"""
import asyncio
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))
        tmp = os.path.join(self.out, "%04d.tmp" % self.n)
        with open(tmp, "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(tmp, os.path.join(self.out, "%04d.eml" % self.n))
        return "250 OK"


def main():
    out = sys.argv[1]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    c = Controller(Sink(out), hostname="127.0.0.1", port=port)
    c.start()
    print("ready %d" % port, flush=True)
    try:
        sys.stdin.read()  # runs until the test closes stdin or kills it
    finally:
        c.stop()


if __name__ == "__main__":
    main()
