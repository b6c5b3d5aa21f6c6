from orgarchive.cli import main

main()
