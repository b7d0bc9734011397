"""How long work tells how far it got: into a job's row, or onto a terminal or a log."""

import logging
import sys
import time

logger = logging.getLogger("research_directory.progress")


class Progress:
    """Told (done, total, step) as work goes on; the base keeps the last values only."""

    def __init__(self):
        self.done, self.total, self.step = 0, None, ""

    def __call__(self, done, total=None, step=""):
        self.done, self.total = done, total if total is not None else self.total
        self.step = step or self.step
        self.show()

    def show(self):
        pass


class TerminalProgress(Progress):
    """A bar redrawn in place on a terminal; elsewhere (logs, pipes) one line per step.

    `stream` is a file, not a command's OutputWrapper (which ends every write with a
    newline): pass `command.stderr._out`, or use for_command().
    """

    WIDTH = 30

    def __init__(self, stream=None, *, label=""):
        super().__init__()
        self.stream = stream or sys.stderr
        self.label = label
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last_step = None

    @classmethod
    def for_command(cls, command, label):
        return cls(getattr(command.stderr, "_out", command.stderr), label=label)

    def show(self):
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        if self.tty:
            filled = round(self.WIDTH * self.done / self.total) if self.total else 0
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {count} {self.step[:40]:<40}")
            if self.total and self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif (self.step, self.done) != self.last_step:
            self.last_step = (self.step, self.done)
            self.stream.write(f"{self.label}: {self.step} ({count})\n")
            self.stream.flush()


class JobProgress(Progress):
    """Writes to the job's row, at most once a second, in its own autocommit update.

    Called between the work's transactions, so other connections see it at once.
    """

    INTERVAL = 1.0

    def __init__(self, job):
        super().__init__()
        self.job = job
        self.written = 0.0

    def show(self):
        now = time.monotonic()
        if now - self.written < self.INTERVAL and not (self.total and self.done >= self.total):
            return
        self.written = now
        self.flush()

    def flush(self):
        from django.utils import timezone

        from jobs.models import Job

        Job.objects.filter(pk=self.job.pk).update(
            done=self.done, total=self.total, step=self.step[:300], heartbeat=timezone.now()
        )
        logger.info("job %s: %s (%s/%s)", self.job.pk, self.step, self.done, self.total or "?")
