import { createServer } from 'node:http';
import { todos } from './todos.ts';

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  if (req.url === '/todos') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(todos));
    return;
  }
  res.writeHead(404);
  res.end();
});

server.listen(port, () => {
  console.log(`todo-api listening on ${port}`);
});
