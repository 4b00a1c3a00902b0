// A static server (python3 -m http.server on a free port) and a headless
// Chromium for the browser tests and the byte measurements.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const http = require('node:http');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    http.get(url, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', () => resolve(0));
  });
}

// Serves dir; resolves to {port, url, stop()}.
async function serve(dir) {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1',
    String(port), '--directory', dir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (await get(url) !== 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url, stop: () => proc.kill() };
}

async function browser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
}

module.exports = { serve, browser, freePort };
