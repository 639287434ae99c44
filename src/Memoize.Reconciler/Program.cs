// Placeholder entry point until its issue lands.
return 0;
