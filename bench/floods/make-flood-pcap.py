#!/usr/bin/env python3
"""A SYN flood from spoofed sources around a real capture, for measuring memory under floods.

Writes a classic pcap (Ethernet) holding every packet of BASE (a pcap with Ethernet link type)
plus N TCP SYNs, each from a new random source address and port, to DST:80. The SYNs are spread
evenly over BASE's time span, so the flood overlaps the real flows. Half the spoofed sources lie
in 10.0.0.0/8 (internal by default: each becomes a host key), half in 45.0.0.0/8 (external; written to a file only, never sent).

    bench/floods/make-flood-pcap.py BASE.pcap N OUT.pcap [--dst 10.9.9.9] [--seed 1]
"""
import argparse
import random
import struct
import sys


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def syn(src, sport, dst, seq):
    tcp = struct.pack("!HHIIBBHHH", sport, 80, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00" + ip + tcp


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base")
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--dst", default="10.9.9.9")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    data = open(a.base, "rb").read()
    magic, _, _, _, _, snap, link = struct.unpack("<IHHiIII", data[:24])
    if magic != 0xA1B2C3D4 or link != 1:
        sys.exit(f"{a.base}: a little-endian microsecond pcap with Ethernet link type is needed")
    base, off = [], 24
    while off + 16 <= len(data):
        sec, usec, cap, length = struct.unpack("<IIII", data[off:off + 16])
        base.append((sec * 1_000_000 + usec, data[off + 16:off + 16 + cap], length))
        off += 16 + cap
    t0, t1 = base[0][0], base[-1][0]
    step = max(1, (t1 - t0) // max(1, a.n))
    dst = bytes(int(x) for x in a.dst.split("."))
    rnd = random.Random(a.seed)
    with open(a.out, "wb") as f:
        f.write(data[:24])
        i = 0
        for k in range(a.n):
            ts = t0 + k * step
            while i < len(base) and base[i][0] <= ts:
                t, frame, length = base[i]
                f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), length) + frame)
                i += 1
            if k % 2:
                src = struct.pack("!I", (10 << 24) | rnd.getrandbits(24))
            else:
                src = struct.pack("!I", (45 << 24) | rnd.getrandbits(24))
            frame = syn(src, 1024 + rnd.randrange(60000), dst, rnd.getrandbits(32))
            f.write(struct.pack("<IIII", ts // 1_000_000, ts % 1_000_000, len(frame), len(frame)) + frame)
        for t, frame, length in base[i:]:
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), length) + frame)


if __name__ == "__main__":
    main()
