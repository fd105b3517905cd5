// Encode a receiptline markdown document into printer bytes with the receiptline package,
// for OpenRegi's cross-check tests.
//
// Usage: node receiptline_encode.js TARGET ENCODING CPL < document.md > output.bin
//   TARGET   a receiptline command name: escpos, epson, starmbcs (StarPRNT, Japanese)
//            or starlinembcs (Star Line mode, Japanese)
//   ENCODING shiftjis or cp932
//   CPL      characters per line, such as 42 or 48
// The markdown is read from standard input as UTF-8; raw printer bytes go to standard output.
'use strict';

const receiptline = require('receiptline');

function main(argv) {
    const [target, encoding, cpl] = argv;
    const targets = ['escpos', 'epson', 'starmbcs', 'starlinembcs'];
    if (!targets.includes(target) || !['shiftjis', 'cp932'].includes(encoding)) {
        process.stderr.write(`usage: node receiptline_encode.js ${targets.join('|')} shiftjis|cp932 CPL < doc.md\n`);
        return 2;
    }
    const columns = Number.parseInt(cpl, 10);
    if (!Number.isInteger(columns) || columns < 24 || columns > 96) {
        process.stderr.write(`invalid CPL ${cpl}: expected a number from 24 to 96\n`);
        return 2;
    }
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => {
        const doc = Buffer.concat(chunks).toString('utf8');
        const printer = { cpl: columns, encoding, command: target, cutting: true };
        // transform() returns a binary string: one character per output byte.
        const command = receiptline.transform(doc, printer);
        process.stdout.write(Buffer.from(command, 'binary'));
    });
    return 0;
}

const code = main(process.argv.slice(2));
if (code !== 0) {
    process.exitCode = code;
}
