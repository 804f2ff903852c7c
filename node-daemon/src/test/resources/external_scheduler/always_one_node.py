#!/usr/bin/env python3
"""An external scheduler in another language, for jray's interop test: it speaks the VU external scheduler's
wire (8-byte little-endian length, then 0x0 add node / 0x1 remove node / 0x2 schedule) and places every request
on one node, given by its 64-bit index, whenever that node has been added.

usage: always_one_node.py PORT_FILE NODE_INDEX [PORT]   (PORT 0 or absent: any free port, written to PORT_FILE)
"""
import os
import socketserver
import struct
import sys
import threading

nodes = {}
lock = threading.Lock()


def resources(body):
    out = {}
    while body:
        name, body = body.split(b"\x00", 1)
        out[name.decode("ascii")] = struct.unpack("<d", body[:8])[0]
        body = body[8:]
    return out


def answer(message, target):
    code, body = message[0], message[1:]
    with lock:
        if code == 0:
            node = struct.unpack("<q", body[:8])[0]
            nodes[node] = resources(body[8:])
            print("add", node, nodes[node], flush=True)
            return b"\x00"
        if code == 1:
            node = struct.unpack("<q", body[:8])[0]
            known = nodes.pop(node, None) is not None
            return b"\x00" if known else b"\x01"
        if code == 2:
            if target in nodes:
                print("schedule", resources(body), "->", target, flush=True)
                return b"\x00" + struct.pack("<q", target)
            return b"\x01"
    return b"\x01"


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class Client(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            prefix = read_exactly(self.request, 8)
            if prefix is None:
                return
            message = read_exactly(self.request, struct.unpack("<q", prefix)[0])
            if message is None:
                return
            reply = answer(message, self.server.target)
            self.request.sendall(struct.pack("<q", len(reply)) + reply)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    port_file, target = sys.argv[1], int(sys.argv[2])
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    server = Server(("127.0.0.1", port), Client)
    server.target = target
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    print("listening on", server.server_address, "placing everything on node", target, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
