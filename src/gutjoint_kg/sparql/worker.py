"""Worker processes the SPARQL endpoint can kill: every query runs in one, never in the server.
A zygote forked once the KB is loaded (before any socket or thread) forks workers in ms, the KB in shared memory; each
runs one job at a time under ``RLIMIT_AS``. :meth:`Pool.call` gives a job one deadline (queue + run); the zygote (the
parent, so no PID reuse) SIGKILLs a worker that misses it and replaces it, as it does one that died."""

from __future__ import annotations

import asyncio
import os
import pickle
import resource
import signal
import socket
import struct
from collections.abc import Callable
from typing import Any

_SIZE = struct.Struct("!Q")


class WorkerLost(Exception):
    """The worker died on the job (memory cap or a crash of the engine)."""


class Busy(Exception):
    """No worker became free before the job's deadline."""


def _read(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            os._exit(0)  # the server is gone
        buf += chunk
    return bytes(buf)


def _work(sock: socket.socket, run: Callable[[Any], Any], memory: int | None, alarm: int) -> None:
    """A worker's life: answer jobs until the server closes the socket."""
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    while True:
        job = pickle.loads(_read(sock, _SIZE.unpack(_read(sock, _SIZE.size))[0]))
        signal.alarm(alarm)  # a backstop if the server itself is gone: the kernel ends the job
        try:
            data = pickle.dumps(run(job), pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            os._exit(3)
        signal.alarm(0)
        sock.sendall(_SIZE.pack(len(data)) + data)


def _zygote(control: socket.socket, run: Callable[[Any], Any], memory: int | None, alarm: int) -> None:
    """Fork a worker on ``spawn``, SIGKILL one on ``kill PID``; exit when the server closes ``control``."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    children: set[int] = set()
    for line in control.makefile("rb"):
        children -= {pid for pid in children if os.waitpid(pid, os.WNOHANG)[0]}
        command, _, arg = line.decode().partition(" ")
        if command == "kill" and int(arg) in children:
            os.kill(int(arg), signal.SIGKILL)
        elif command.strip() == "spawn":
            mine, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                control.close()
                mine.close()
                _work(theirs, run, memory, alarm)
            theirs.close()
            children.add(pid)
            socket.send_fds(control, [str(pid).encode()], [mine.fileno()])
            mine.close()
    os._exit(0)


class _Worker:
    def __init__(self, pid: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.pid, self.reader, self.writer = pid, reader, writer


class Pool:
    """``size`` workers running ``run(job)`` in forked processes, each under ``memory`` bytes."""

    def __init__(self, run: Callable[[Any], Any], size: int, memory: int | None, alarm: int):
        self.run, self.size, self.memory, self.alarm = run, size, memory, alarm
        self.replay: list[Any] = []  # jobs every new worker runs first (accepted updates)
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Fork the zygote (call it before the server opens sockets) and the first workers."""
        mine, theirs = socket.socketpair()
        if os.fork() == 0:
            mine.close()
            _zygote(theirs, self.run, self.memory, self.alarm)
        theirs.close()
        self._control, self._idle, self._spawning = mine, asyncio.Queue[_Worker](), asyncio.Lock()
        await asyncio.gather(*(self._add() for _ in range(self.size)))

    def close(self) -> None:
        """Stop the zygote; every worker exits when its socket closes with the server."""
        self._control.close()

    async def _add(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._spawning:
            self._control.sendall(b"spawn\n")
            ready = loop.create_future()
            loop.add_reader(self._control, ready.set_result, None)
            try:
                await ready
            finally:
                loop.remove_reader(self._control)
            data, fds, _, _ = socket.recv_fds(self._control, 32, 1)
        worker = _Worker(int(data), *await asyncio.open_unix_connection(sock=socket.socket(fileno=fds[0])))
        for job in self.replay:
            await self._ask(worker, job)
        self._idle.put_nowait(worker)

    async def _ask(self, worker: _Worker, job: Any) -> Any:
        data = pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
        worker.writer.write(_SIZE.pack(len(data)) + data)
        await worker.writer.drain()
        size = _SIZE.unpack(await worker.reader.readexactly(_SIZE.size))[0]
        return pickle.loads(await worker.reader.readexactly(size))

    async def call(self, job: Any, timeout: float) -> Any:
        """``run(job)`` in a free worker within ``timeout`` s in all; :class:`Busy`, ``TimeoutError``
        (the worker is killed) or :class:`WorkerLost` otherwise."""
        deadline = asyncio.get_running_loop().time() + timeout
        try:
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError:
            raise Busy from None
        try:
            async with asyncio.timeout_at(deadline):
                answer = await self._ask(worker, job)
        except BaseException as exc:  # deadline, a dead worker or a cancelled request: replace it
            self._control.sendall(f"kill {worker.pid}\n".encode())
            worker.writer.close()
            task = asyncio.create_task(self._add())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            if isinstance(exc, asyncio.IncompleteReadError | ConnectionError):
                raise WorkerLost from None
            raise
        self._idle.put_nowait(worker)
        return answer
