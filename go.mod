module drey

go 1.26
