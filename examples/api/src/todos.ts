export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export const todos: Todo[] = [{ id: 1, title: 'Give this API a database', done: false }];
