#!/usr/bin/env python3
"""Writes the hostile key files of tests/core/tst_hostilefiles.cpp (committed; re-run only to change them).
Every key here is a fake of the right shape: "AIza" + "HostileFakeKey" + 21 digits."""
import os

here = os.path.dirname(os.path.abspath(__file__))

def key(n):
    k = 'AIzaHostileFakeKey' + str(n).rjust(21, '0')
    assert len(k) == 39
    return k

def write(name, data):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))

# Binary junk: a PNG signature and header, then bytes from a fixed LCG (some of them look like a key's start).
state = 12345
junk = bytearray(b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR')
for i in range(4096):
    state = (state * 1103515245 + 12345) & 0x7fffffff
    junk.append((state >> 16) & 0xff)
junk[1000:1004] = b'AIza'
write('binary_junk.png', bytes(junk))

utf16_text = f"{key(1)}\r\n# a comment\r\n{key(2)}\r\n{key(1)}\r\nnot a key at all\r\n"
write('utf16le_bom.txt', b'\xff\xfe' + utf16_text.encode('utf-16-le'))
write('utf16be_bom.txt', b'\xfe\xff' + utf16_text.encode('utf-16-be'))
write('utf16le_no_bom.txt', f"{key(3)}\n{key(4)}\n".encode('utf-16-le'))
write('utf16_odd_length.txt', b'\xff\xfe' + f"{key(5)}\n".encode('utf-16-le') + b'A')

write('nul_in_lines.txt', f"{key(6)}\n{key(7)}\0\nnotes\0more notes\n{key(8)}\n".encode())

write('split_keys.txt',
      f"{key(9)}\n{key(10)[:20]}\n{key(10)[20:]}\n\n{key(11)[:13]}\n{key(11)[13:26]}\n{key(11)[26:]}\n"
      f"{key(12)[:30]}\n{key(13)}\n")

write('crlf.txt', f"{key(14)}\r\nbroken line\r\n\r\n{key(15)}\r\n")
write('cr_only.txt', f"{key(16)}\rbroken line\r\r{key(17)}\r")

write('long_lines.txt', 'x' * 65536 + '\n' + key(18) + '\n' + 'y ' * 4000 + key(19) + ' z' * 4000 + '\n')

write('deep.json', '[' * 10000 + ']' * 10000)
write('truncated.json', f'{{"keys": [\n  "{key(20)}",\n  "{key(21)[:25]}')

write('export_quotes.env',
      "# deployment settings\n"
      f"export GEMINI_API_KEY=\"{key(22)}\"\n"
      f"export\tGOOGLE_API_KEY='{key(23)}'\n"
      f"GEMINI_API_KEY_2={key(24)} # the second one\n"
      "GEMINI_API_KEY_3=\n"
      f"GEMINI_API_KEY_4=\"{key(25)[:30]}\"\n"
      "MODEL=gemini-2.0-flash\n"
      f"BACKUP=\"{key(22)}\"\n"
      "this line is not an assignment\n")
