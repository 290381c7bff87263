// The smallest TypeScript program, started as the CLI is (node --import tsx): the floor any command has here.
