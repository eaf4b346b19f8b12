from rapatgen.cli import main

main()
