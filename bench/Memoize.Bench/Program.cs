// Placeholder entry point until the first benchmark lands.
return 0;
