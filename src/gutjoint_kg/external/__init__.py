"""External data: the import store for big public graphs and path search across the imports."""
